Feature: Cancelling a subscription
  A subscriber manages their subscription in the gateway's billing portal. Once it is
  cancelled there, they are back on Free, with Free's quotas.

  Background:
    Given a person who has signed up
    And the payment gateway is the sandbox
    And they have paid for the "Pro" plan

  Scenario: Cancelling in the billing portal falls back to Free
    When they look at their rate limits
    Then their plan is "Pro"
    When they open the billing portal
    Then the answer is 200 OK
    When they follow the portal link
    Then the answer is 200 OK
    When they press "Cancel the subscription"
    Then the answer is 200 OK
    When they look at their rate limits
    Then their plan is "Free"
    And they may make 3 "ai_responses" a day
    When they look at their profile
    Then their subscription is "canceled"
