Feature: Confirming the e-mail address
  The mail sent on sign-up holds a link with a key; the key proves the address.

  Background:
    Given a person who has signed up
    And the key from their verification mail

  Scenario: The key from the verification mail confirms the address
    When they confirm their e-mail address with that key
    Then the answer is 200 OK
    When they look at their profile
    Then the answer is 200 OK
    And their e-mail address is verified

  Scenario: A verification key works only once
    Given they have confirmed their e-mail address with that key
    When they confirm their e-mail address with that key
    Then the answer is 422 Unprocessable Content
    And the answer has a field error on "key"
