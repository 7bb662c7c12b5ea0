"""Notification channels: SMS, e-mail and the 企业微信 / 钉钉 group robots, besides the in-app inbox.

- topics.py: which notices may go out, by which channels, on by default (the one declared place);
- models.py: Robot (an organization's group webhook), Preference (a person's choice), Delivery (one per
  notification and channel: status, attempts, next attempt, last error, sent time);
- backends.py: the senders (SMS log file or HTTP gateway, Django mail, robot webhooks with DingTalk's 加签);
- deliveries.py: planning a notification's deliveries and sending them on the job queue with back-off;
- preferences.py, actions.py, views.py, pages.py, nav.py: the pages around them.
"""
