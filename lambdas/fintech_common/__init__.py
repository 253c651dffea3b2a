"""Runtime code shared by the webhook pipeline's functions.

Standard library only, plus botocore's client configuration (aws.py): every module here is
imported on a Lambda cold start, so each stays small and pulls in nothing it does not use.
"""
