"""One atheris target per module: `check(data: bytes)` asserts the documented outcome for any input.

Each target module names the packages atheris must instrument (`INSTRUMENT`), its libFuzzer input
size limit (`MAX_LEN`) and imports the code under test at module level, so importing it inside
`atheris.instrument_imports()` instruments exactly that code. `check` never needs atheris: the
replay mode and the unit tests run it on plain bytes.
"""
