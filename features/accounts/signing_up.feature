Feature: Signing up
  A person opens an account with a username, an e-mail address and a password.
  They are logged in at once, and a mail asks them to confirm their address.

  Scenario: A new person signs up and is logged in
    Given a new person
    When they sign up
    Then the answer is 201 Created
    And the answer carries an access token and a refresh token
    And the answer shows their account
    And their e-mail address is not yet verified
    And a mail with a link to confirm their e-mail address is sent to them

  Scenario: A throw-away e-mail address is refused
    Given a new person whose e-mail address is at "mailinator.com"
    When they sign up
    Then the answer is 422 Unprocessable Content
    And the "email" field error says "Disposable e-mail addresses are not accepted."
    And no mail is sent to them

  Scenario: A typo in a popular mail domain is refused with a suggestion
    Given a new person whose e-mail address is at "gmail.co"
    When they sign up
    Then the answer is 422 Unprocessable Content
    And the "email" field error asks "Did you mean" their address at "gmail.com"
    And no mail is sent to them

  Scenario: A username that is taken is refused
    Given a person who has signed up
    And another new person who picks the same username
    When they sign up
    Then the answer is 409 Conflict
    And the "username" field error says "A user with that username already exists."
