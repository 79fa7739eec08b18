"""HTTP interface: routers, dependencies and error rendering."""
