"""Streamlit helpers: cached data access, shared filter state, and the one place errors are rendered."""
