"""The X-STILTs replication harness (tasks -> runs -> results). See DESIGN.md; lands with the replication issue."""
