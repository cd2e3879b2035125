"""The unit's mentor roster: appointments, load, training, the funksjonstillegg for payroll."""
