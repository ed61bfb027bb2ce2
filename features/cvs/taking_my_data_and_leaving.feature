Feature: Taking my data with me, and leaving
  A person may download everything the service holds about them, and delete their account
  with everything it held.

  Scenario: A person downloads everything the service holds about them
    Given a person who has signed up
    And they have submitted a questionnaire with the CV "software_engineer.pdf"
    When they download their data
    Then the answer is 200 OK
    And the download is a zip of their profile, that questionnaire and the CV they uploaded

  Scenario: A deleted account takes its questionnaires and CVs with it
    Given a person who has signed up
    And they have submitted a questionnaire with the CV "software_engineer.pdf"
    When they delete their account
    Then the answer is 204 No Content
    When they download their data
    Then the answer is 401 Unauthorized
    When they download the CV of that questionnaire
    Then the answer is 401 Unauthorized

  Scenario: Only a signed-in person can download data
    When someone downloads data without a token
    Then the answer is 401 Unauthorized
