"""The project's Checkov checks: one module per check, each ending with `check = TheCheck()`.

Checkov loads every module of this folder by file name (`external_checks_dir`), so file names are
unique and never shadow a library module; the support modules (`_cfn`, `reference_lists`) define
no check. Run Checkov with the repository root on `sys.path` (the gate's worker does), because the
checks import `policies.constants`.
"""
