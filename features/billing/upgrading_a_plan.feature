Feature: Upgrading a plan
  A person on Free pays for a higher plan through the payment gateway's checkout. With the
  sandbox gateway (the default) the checkout is a page of this API; paying there sends the
  same signed webhook a real gateway would, and the plan changes when that webhook arrives.

  Background:
    Given a person who has signed up
    And the payment gateway is the sandbox

  Scenario: Paying for Basic through the sandbox checkout raises the quotas
    When they start a checkout for the "Basic" plan billed monthly
    Then the answer is 200 OK
    And the answer sends them to the sandbox checkout page
    When they follow the checkout link
    Then the answer is 200 OK
    When they press "Pay (sandbox)"
    Then the answer is 200 OK
    When they verify their checkout session
    Then the checkout is complete on the "Basic" plan
    When they look at their rate limits
    Then their plan is "Basic"
    And they may make 20 "ai_responses" a day
    When they list the plans
    Then the "Basic" plan is marked as theirs

  Scenario: A payment delivered twice is applied once
    Given they have started a checkout for the "Pro" plan billed yearly
    When they follow the checkout link
    And they press "Pay (sandbox)"
    Then the answer says the event was applied
    When the gateway delivers that payment again
    Then the answer is 200 OK
    And the answer says the event was already applied
