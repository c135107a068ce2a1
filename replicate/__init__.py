"""The X-STILTs replication harness (tasks -> runs -> results). So far: XTREME scoring (`synth replicate score`)."""
