"""Running Engage beyond one machine: gunicorn settings for a web node, nginx and systemd
files, a compose file, and ``python -m engage.deploy.cluster`` which brings the layout up
on loopback and checks it (README, "Beyond one machine")."""
