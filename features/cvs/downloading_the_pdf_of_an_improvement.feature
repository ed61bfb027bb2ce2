Feature: Downloading the PDF of an improvement
  A person whose CV was improved asks for it as a PDF, in the look and paper size they
  want, to send to an employer. A worker renders it; the improvement then links the file,
  which only they can download. Another look makes another file, and the CV they
  uploaded stays as it was.

  Background:
    Given a person who has signed up
    And they have submitted a questionnaire with the CV "software_engineer.pdf"
    And their CV has been improved for that questionnaire

  Scenario: The improved CV is rendered by a worker and downloaded as a PDF
    When they ask for a PDF of the improvement in the "modern" template on "Letter" paper
    Then the answer is 202 Accepted
    And the improvement shows a "modern" PDF on "Letter" paper being made
    When they look at the improvement, waiting up to 30 seconds for it to finish
    Then the answer is 200 OK
    And the improvement links its PDF
    When they download the PDF of the improvement
    Then the answer is 200 OK
    And it is a PDF attachment named after the improvement, "modern" and "letter"
    And its metadata names them as its author and "Backend Engineer" in its title
    And its text begins with the name the improvement is headed with
    When they download the CV of that questionnaire
    Then the answer is 200 OK
    And it is the PDF they sent, unchanged

  Scenario: Another template makes another file, and the first one stays
    Given they have the improvement as a PDF in the "classic" template
    When they ask for a PDF of the improvement in the "modern" template on "A4" paper
    And they look at the improvement, waiting up to 30 seconds for it to finish
    Then the improvement links a PDF other than the first one
    And both PDFs can be downloaded, the "classic" and the "modern" one
