"""The baseline: a bare Flask page under the same gunicorn settings as the portal."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def page():
    return "<!DOCTYPE html><html lang=en><title>bare</title><p>Hello</p></html>"
