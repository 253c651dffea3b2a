"""The web app's security groups and every rule between them (TX-02).

- ALB: 443 and 80 (the redirect only) from the internet; out only to the tasks' app port.
- Tasks: the app port from the ALB only; out to the database port and to HTTPS (AWS APIs and
  the container registry through the NAT gateways).
- Database: its port from the tasks only; no egress.
No group allows anything else in, from `0.0.0.0/0`, `::/0` or anywhere.
"""

from __future__ import annotations

from aws_cdk import aws_ec2 as ec2
from constructs import Construct

from policies.constants import DB_PORT, HTTP_PORT, HTTPS_PORT


class SecurityGroups(Construct):
    def __init__(self, scope: Construct, construct_id: str, *, vpc: ec2.IVpc, container_port: int) -> None:
        super().__init__(scope, construct_id)
        self.alb = self._group("Alb", vpc, "Internet-facing ALB of the transaction web app")
        self.tasks = self._group("Tasks", vpc, "ECS tasks of the transaction web app")
        self.database = self._group("Database", vpc, "Aurora PostgreSQL of the transaction web app")

        self.alb.add_ingress_rule(ec2.Peer.any_ipv4(), ec2.Port.tcp(HTTPS_PORT), "HTTPS from the internet")
        self.alb.add_ingress_rule(ec2.Peer.any_ipv4(), ec2.Port.tcp(HTTP_PORT), "HTTP, redirected to HTTPS")
        self.tasks.connections.allow_from(self.alb, ec2.Port.tcp(container_port), "App port from the ALB")
        self.tasks.add_egress_rule(ec2.Peer.any_ipv4(), ec2.Port.tcp(HTTPS_PORT), "AWS APIs and registry")
        self.database.connections.allow_from(self.tasks, ec2.Port.tcp(DB_PORT), "PostgreSQL from the tasks")

    def _group(self, construct_id: str, vpc: ec2.IVpc, description: str) -> ec2.SecurityGroup:
        return ec2.SecurityGroup(
            self, construct_id, vpc=vpc, description=description, allow_all_outbound=False
        )
