"""The app as a whole: factory, migrations, the access matrix, headers, purity, tenants, paging, fuzzing."""
