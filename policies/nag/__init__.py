"""The project's own cdk-nag pack: claims only the construct tree can verify (GT-02).

- `pack.FinTechChecks`: the `NagPack` registered in `app.py` next to the stock packs,
- `collect`: what the pack reads from the construct tree, once per resource,
- `rules/`: one rule per file, each a pure function of the collected `inventory`,
- `evidence`: every evaluation the pack made, written into the cloud assembly for the gate.

Importing this package, `inventory` or `rules` starts no jsii runtime, so the gate can list the
pack's rule ids cheaply; only `collect` and `pack` import the CDK.
"""
