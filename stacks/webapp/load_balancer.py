"""The internet-facing Application Load Balancer in front of the ECS service (TX-07).

- drops invalid header fields; deletion protection from the configuration; access logs to an
  SSE-S3 bucket (the MW-03 exception, see `log_buckets`); a REGIONAL web ACL in the stack's
  region (`waf`);
- 443: the certificate whose ARN the SSM parameter named in the configuration holds, resolved
  by CloudFormation at deploy time (synthesis needs no credentials), policy `ALB_SSL_POLICY`
  (TLS 1.2 and 1.3 only); forwards to the target group;
- 80: a permanent redirect to that 443 listener, nothing else;
- the target group (the tasks' IPs on the app port) is health-checked and attached to 443.
"""

from __future__ import annotations

from aws_cdk import Duration
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_elasticloadbalancingv2 as elbv2
from aws_cdk import aws_kms as kms
from aws_cdk import aws_wafv2 as wafv2
from constructs import Construct

from policies.constants import ALB_SSL_POLICY, HTTP_PORT, HTTPS_PORT
from stacks.acknowledgments import acknowledge
from stacks.defaults import ACKNOWLEDGMENT_EXPIRY
from stacks.webapp.log_buckets import log_bucket
from stacks.webapp.waf import WebAcl

PACKS = ("NIST.800.53.R5", "HIPAA.Security", "PCI.DSS.321")
HEALTH_CHECK_INTERVAL = Duration.seconds(15)
HEALTH_CHECK_TIMEOUT = Duration.seconds(5)
DEREGISTRATION_DELAY = Duration.seconds(30)
PUBLIC_INGRESS_REASON = (
    "TX-02: the ALB is the public entry point of the web app and must accept 443 (and 80, which only "
    "redirects to 443) from any client address; the WAF web ACL filters what it forwards."
)
REDIRECT_LISTENER_REASON = (
    "The port-80 listener only answers with a permanent redirect to the HTTPS listener on 443 (TX-07); "
    "it serves no content and an HTTP listener cannot hold a certificate. 443 uses the ACM certificate."
)
DEV_DELETION_REASON = (
    "Deletion protection follows configuration (MW-09): on in prod; off in dev so the disposable dev "
    "load balancer can be replaced by a deployment."
)


# The policy names CDK's enum stands for (its Python values are member names, not policy names).
_SSL_POLICIES = {"ELBSecurityPolicy-TLS13-1-2-2021-06": elbv2.SslPolicy.RECOMMENDED_TLS}


class LoadBalancer(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        vpc: ec2.IVpc,
        security_group: ec2.SecurityGroup,
        certificate_arn: str,
        container_port: int,
        health_check_path: str,
        deletion_protection: bool,
        waf_name: str,
        log_key: kms.IKey,
    ) -> None:
        super().__init__(scope, construct_id)
        self.access_logs = log_bucket(self, "AccessLogs", receives_s3_access_logs=False)
        self.alb = elbv2.ApplicationLoadBalancer(
            self,
            "Alb",
            vpc=vpc,
            internet_facing=True,
            vpc_subnets=ec2.SubnetSelection(subnet_type=ec2.SubnetType.PUBLIC),
            security_group=security_group,
            drop_invalid_header_fields=True,
            deletion_protection=deletion_protection,
            ip_address_type=elbv2.IpAddressType.IPV4,
        )
        self.alb.log_access_logs(self.access_logs, prefix="alb")
        self.target_group = elbv2.ApplicationTargetGroup(
            self,
            "Targets",
            vpc=vpc,
            port=container_port,
            protocol=elbv2.ApplicationProtocol.HTTP,
            target_type=elbv2.TargetType.IP,
            deregistration_delay=DEREGISTRATION_DELAY,
            health_check=elbv2.HealthCheck(
                enabled=True,
                path=health_check_path,
                healthy_http_codes="200",
                interval=HEALTH_CHECK_INTERVAL,
                timeout=HEALTH_CHECK_TIMEOUT,
                healthy_threshold_count=2,
                unhealthy_threshold_count=3,
            ),
        )
        self.https = self.alb.add_listener(
            "Https",
            port=HTTPS_PORT,
            protocol=elbv2.ApplicationProtocol.HTTPS,
            certificates=[elbv2.ListenerCertificate.from_arn(certificate_arn)],
            ssl_policy=_SSL_POLICIES[ALB_SSL_POLICY],
            default_target_groups=[self.target_group],
            open=False,
        )
        self.http = self.alb.add_listener(
            "Http",
            port=HTTP_PORT,
            protocol=elbv2.ApplicationProtocol.HTTP,
            default_action=elbv2.ListenerAction.redirect(
                protocol="HTTPS", port=str(HTTPS_PORT), permanent=True
            ),
            open=False,
        )
        self.firewall = WebAcl(self, "Firewall", acl_scope="REGIONAL", name=waf_name, log_key=log_key)
        wafv2.CfnWebACLAssociation(
            self,
            "FirewallAssociation",
            resource_arn=self.alb.load_balancer_arn,
            web_acl_arn=self.firewall.arn,
        )
        acknowledge(
            security_group, "AwsSolutions-EC23", reason=PUBLIC_INGRESS_REASON, expires=ACKNOWLEDGMENT_EXPIRY
        )
        acknowledge(
            security_group, "CKV_AWS_260", reason=PUBLIC_INGRESS_REASON, expires=ACKNOWLEDGMENT_EXPIRY
        )
        for pack in PACKS:
            acknowledge(
                self.http,
                f"{pack}-ELBv2ACMCertificateRequired",
                reason=REDIRECT_LISTENER_REASON,
                expires=ACKNOWLEDGMENT_EXPIRY,
            )
        if not deletion_protection:
            for pack in ("NIST.800.53.R5", "HIPAA.Security"):
                acknowledge(
                    self.alb,
                    f"{pack}-ELBDeletionProtectionEnabled",
                    reason=DEV_DELETION_REASON,
                    expires=ACKNOWLEDGMENT_EXPIRY,
                )
