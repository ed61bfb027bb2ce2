Feature: Improving a CV
  A person describes the job they want with their CV as a PDF, then asks for an improved
  CV. The API accepts the job at once; a worker writes the improvement, in Markdown.

  Background:
    Given a person who has signed up

  Scenario: A CV sent with a questionnaire is improved by a worker and read back
    When they submit a questionnaire with the CV "software_engineer.pdf" for a job asking for "Python, PostgreSQL, Kubernetes and Terraform"
    Then the answer is 201 Created
    And the questionnaire keeps a link to its CV
    When they ask for an improvement of that questionnaire
    Then the answer is 202 Accepted
    And the improvement is queued at the location the answer gives
    When they look at the improvement, waiting up to 10 seconds for it to finish
    Then the answer is 200 OK
    And the improvement has succeeded
    And it is Markdown headed with the name "Jane Doe"
    And its gaps list "Terraform", apart from the CV
    And its gaps do not list "Python"
    And it names the provider and the model that wrote it
    When they download the CV of that questionnaire
    Then the answer is 200 OK
    And it is the PDF they sent, unchanged

  Scenario: A PDF without text is refused
    When they submit a questionnaire with the CV "image_only.pdf" for a job asking for "Python"
    Then the answer is 422 Unprocessable Content
    And the "resume" field error mentions "no text"
    When they list their questionnaires
    Then the answer is 200 OK
    And they have no questionnaires
