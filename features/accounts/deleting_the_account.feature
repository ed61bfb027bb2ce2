Feature: Deleting the account
  Deleting erases the account; nothing it held works any more.

  Scenario: A deleted account can no longer be used
    Given a person who has signed up
    When they delete their account
    Then the answer is 204 No Content
    When they look at their profile
    Then the answer is 401 Unauthorized
    When they refresh their tokens
    Then the answer is 401 Unauthorized
    When they log in with their username and password
    Then the answer is 401 Unauthorized

  Scenario: Only a signed-in person can delete an account
    When someone deletes an account without a token
    Then the answer is 401 Unauthorized
