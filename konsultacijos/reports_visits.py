"""The visit report (PDF for the visited library) through the report engine."""
