Feature: Hitting a quota
  Each plan allows so many questionnaires, uploads and AI improvements a day, and so many
  API calls an hour. Past a quota the API answers 429, says when to try again, and which
  plan would allow more.

  Background:
    Given a person who has signed up

  Scenario: The sixth questionnaire of the day on Free is refused with an upgrade suggestion
    Given they have submitted 5 questionnaires today
    When they submit another questionnaire
    Then the answer is 429 Too Many Requests
    And the answer says when to try again
    And the answer names the limit of 5 "questionnaires"
    And the answer suggests upgrading to "Basic"
    When they look at their rate limits
    Then the "questionnaires" quota is "exceeded"
    And an upgrade to "Basic" is recommended
