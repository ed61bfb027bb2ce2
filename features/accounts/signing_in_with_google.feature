@google
Feature: Signing in with Google
  A Google ID token signs a person in as a password login does, making their account the
  first time. Only tokens Google signed for this service count.

  Scenario: A first sign-in with Google makes the account, and the next finds it again
    Given a person whose e-mail address Google has verified
    When they sign in with the ID token Google gave them
    Then the answer is 200 OK
    And they are signed in as an account with their Google e-mail address
    When they look at their profile
    Then the answer is 200 OK
    When they sign in with the ID token Google gave them
    Then the answer is 200 OK
    And it is the same account as the first time

  Scenario: A token signed by anyone but Google is refused
    Given a person whose e-mail address Google has verified
    When they sign in with an ID token signed with a key of their own
    Then the answer is 401 Unauthorized
