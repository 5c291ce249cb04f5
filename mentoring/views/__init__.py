"""Pages for mentors, hosts and learners: dashboards, pairs, shadowing, requests."""
