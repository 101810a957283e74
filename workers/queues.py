"""RQ queues, named by purpose, and the one wrapper every enqueue goes through."""

from __future__ import annotations

from flask import Flask
from redis import Redis
from rq import Queue, Retry

NOTIFICATIONS = "notifications"  # emails and letters from the outbox
SUCCESSION = "succession"  # term notices, reviews, forecasts (issue 5/5)
MAINTENANCE = "maintenance"  # retention and housekeeping
ALL_QUEUES = (NOTIFICATIONS, SUCCESSION, MAINTENANCE)

DELIVERY_TIMEOUT = 60  # seconds; SMTP has its own shorter timeout
DELIVERY_RETRY = Retry(max=3, interval=[10, 60, 300])


def redis_connection(app: Flask) -> Redis:
    return Redis.from_url(
        app.config["REDIS_URL"], socket_connect_timeout=2, socket_timeout=5
    )


def queue(app: Flask, name: str) -> Queue:
    return Queue(name, connection=redis_connection(app))


def enqueue_delivery(app: Flask, message_id: int):
    """Hand one outbox message to the notifications queue (timeout and retry always set)."""
    from workers.jobs.email import send_outbox_message

    return queue(app, NOTIFICATIONS).enqueue(
        send_outbox_message,
        message_id,
        job_timeout=DELIVERY_TIMEOUT,
        retry=DELIVERY_RETRY,
        description=f"outbox message {message_id}",
    )
