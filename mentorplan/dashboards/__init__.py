"""Each role's overview pages: the start page, the avdeling, the enhet, the programme dashboard."""
