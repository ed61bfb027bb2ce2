Feature: Logging in, staying logged in and logging out
  Access tokens are short-lived; a refresh token gets a new pair and is spent doing so.

  Background:
    Given a person who has signed up

  Scenario: Logging in with the username
    When they log in with their username and password
    Then the answer is 200 OK
    And the answer carries a new access token and a new refresh token
    And the answer shows their account

  Scenario: Logging in with the e-mail address
    When they log in with their e-mail address and password
    Then the answer is 200 OK
    And the answer carries a new access token and a new refresh token
    And the answer shows their account

  Scenario: A wrong password is refused
    When they log in with their username and a wrong password
    Then the answer is 401 Unauthorized
    And the answer says "Unable to log in with provided credentials."

  Scenario: Refreshing rotates the refresh token
    When they refresh their tokens
    Then the answer is 200 OK
    And the answer carries a new access token and a new refresh token
    When they look at their profile
    Then the answer is 200 OK

  Scenario: Reusing a spent refresh token is refused and ends the whole family
    Given they have refreshed their tokens
    When they refresh with their spent refresh token
    Then the answer is 401 Unauthorized
    When they refresh their tokens
    Then the answer is 401 Unauthorized

  Scenario: Logging out ends the refresh token
    When they log out
    Then the answer is 200 OK
    And the answer says "Successfully logged out."
    When they refresh their tokens
    Then the answer is 401 Unauthorized
