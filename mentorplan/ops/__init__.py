"""Running mentorplan: backups, the deploy check, the scheduler process's command."""
