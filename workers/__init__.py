"""Background work: RQ queues named by purpose, jobs, and the declarative schedule."""
