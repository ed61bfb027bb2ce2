Feature: Keeping CVs private
  A person's questionnaires, CV files and AI responses are theirs alone. To anyone else
  they do not exist: every request about them is answered 404, as for an unknown id.

  Background:
    Given someone who has asked for an improvement of their CV "software_engineer.pdf"
    And a person who has signed up

  Scenario: Another person's questionnaire cannot be read, changed, deleted or downloaded
    When they look at that questionnaire
    Then the answer is 404 Not Found
    When they change the position on that questionnaire
    Then the answer is 404 Not Found
    When they delete that questionnaire
    Then the answer is 404 Not Found
    When they download the CV of that questionnaire
    Then the answer is 404 Not Found
    When its owner looks at that questionnaire
    Then the answer is 200 OK
    And the questionnaire is as its owner submitted it

  Scenario: Another person's AI response cannot be read, nor their CV improved
    When they look at the improvement
    Then the answer is 404 Not Found
    When they ask for an improvement of that questionnaire
    Then the answer is 404 Not Found
    When its owner looks at the improvement
    Then the answer is 200 OK

  Scenario: Another person's improved CV cannot be rendered or downloaded as a PDF
    Given its owner has the improvement as a PDF
    When they ask for a PDF of the improvement
    Then the answer is 404 Not Found
    When they download the PDF of the improvement
    Then the answer is 404 Not Found
    When its owner downloads the PDF of the improvement
    Then the answer is 200 OK
