"""Plans: templates, mentorships and each mentee's plan; its pages, export and command."""
