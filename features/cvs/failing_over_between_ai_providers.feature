Feature: Failing over between AI providers
  AI_PROVIDERS names the providers in the order they are tried: when one gives up, the
  next one writes the improvement, and the person is told who was unavailable and who
  wrote it instead.

  @ai_vendor_outage
  Scenario: An outage at the AI vendor is covered by the local improver
    Given the AI providers are tried in the order "openai-compatible,local"
    And the openai-compatible vendor answers 503 to every call
    And a person who has signed up
    And they have submitted a questionnaire with the CV "software_engineer.pdf"
    When they ask for an improvement of that questionnaire
    Then the answer is 202 Accepted
    When they look at the improvement, waiting up to 10 seconds for it to finish
    Then the answer is 200 OK
    And the improvement has succeeded
    And it was written by the "local" provider
    And it tells them that The OpenAI-compatible model server was unavailable and the offline improver wrote it
    And the openai-compatible vendor was asked first
