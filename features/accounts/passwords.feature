Feature: Changing and resetting the password
  A new password ends every session that was started with the old one.

  Background:
    Given a person who has signed up

  Scenario: Changing the password ends the old sessions
    When they change their password
    Then the answer is 200 OK
    And the answer carries a new access token and a new refresh token
    When they look at their profile with their first access token
    Then the answer is 401 Unauthorized
    When they refresh with their first refresh token
    Then the answer is 401 Unauthorized
    When they look at their profile
    Then the answer is 200 OK
    When they log in with their username and password
    Then the answer is 200 OK

  Scenario: Changing the password needs the current one
    When they change their password giving a wrong current password
    Then the answer is 422 Unprocessable Content
    And the "old_password" field error says "Your old password was entered incorrectly."

  Scenario: A forgotten password is reset through the link in the mail
    Given they have asked to reset their password
    And the link from their reset mail
    When they choose a new password through that link
    Then the answer is 200 OK
    And the answer says "Password has been reset with the new password."
    When they log in with their username and password
    Then the answer is 200 OK
    When they log in with their username and their old password
    Then the answer is 401 Unauthorized

  Scenario: A reset ends the sessions started before it
    Given they have asked to reset their password
    And the link from their reset mail
    And they have chosen a new password through that link
    When they look at their profile with their first access token
    Then the answer is 401 Unauthorized
    When they refresh with their first refresh token
    Then the answer is 401 Unauthorized

  Scenario: A reset link works only once
    Given they have asked to reset their password
    And the link from their reset mail
    And they have chosen a new password through that link
    When they choose a new password through that link
    Then the answer is 422 Unprocessable Content
    And the answer has a field error on "token"

  Scenario: Asking for a reset does not tell whether an address has an account
    Given a new person
    When they ask to reset their password
    Then the answer is 200 OK
    And the answer says "Password reset e-mail has been sent."
    And no mail is sent to them
