#!/usr/bin/env python3
"""Writes schemas/ebextensions.schema.json: the shape of an .ebextensions/*.config file, with the
option namespaces and option names of the Elastic Beanstalk "general options for all environments"
and "Docker platform options" references that isofleet may set (closed: an unknown namespace or a
misspelt option name fails). cfn-lint knows none of these, and Elastic Beanstalk only rejects them on
AWS. Run after editing the table; scripts/check-deploy.sh checks the output is current."""
import json
import pathlib
import sys

# namespace -> option names (from the Elastic Beanstalk configuration options reference)
NAMESPACES = {
    "aws:autoscaling:asg": ["Availability Zones", "Cooldown", "Custom Availability Zones",
                            "EnableCapacityRebalancing", "MinSize", "MaxSize"],
    "aws:autoscaling:launchconfiguration": [
        "DisableIMDSv1", "EC2KeyName", "IamInstanceProfile", "ImageId", "InstanceType",
        "LaunchTemplateTagPropagationEnabled", "MonitoringInterval", "SecurityGroups",
        "SSHSourceRestriction", "BlockDeviceMappings", "RootVolumeType", "RootVolumeSize",
        "RootVolumeIOPS", "RootVolumeThroughput"],
    "aws:autoscaling:trigger": [
        "BreachDuration", "LowerBreachScaleIncrement", "LowerThreshold", "MeasureName", "Period",
        "EvaluationPeriods", "Statistic", "Unit", "UpperBreachScaleIncrement", "UpperThreshold"],
    "aws:autoscaling:updatepolicy:rollingupdate": [
        "MaxBatchSize", "MinInstancesInService", "RollingUpdateEnabled", "RollingUpdateType",
        "PauseTime", "Timeout"],
    "aws:ec2:instances": ["EnableSpot", "InstanceTypes", "SpotFleetOnDemandBase",
                          "SpotFleetOnDemandAboveBasePercentage", "SpotMaxPrice",
                          "SupportedArchitectures"],
    "aws:ec2:vpc": ["VPCId", "Subnets", "ELBSubnets", "ELBScheme", "DBSubnets",
                    "AssociatePublicIpAddress"],
    "aws:elasticbeanstalk:application": ["Application Healthcheck URL"],
    "aws:elasticbeanstalk:cloudwatch:logs": ["StreamLogs", "DeleteOnTerminate", "RetentionInDays"],
    "aws:elasticbeanstalk:cloudwatch:logs:health": ["HealthStreamingEnabled", "DeleteOnTerminate",
                                                    "RetentionInDays"],
    "aws:elasticbeanstalk:command": ["DeploymentPolicy", "Timeout", "BatchSizeType", "BatchSize",
                                     "IgnoreHealthCheck"],
    "aws:elasticbeanstalk:environment": ["EnvironmentType", "ServiceRole", "LoadBalancerType",
                                         "LoadBalancerIsShared"],
    "aws:elasticbeanstalk:environment:process:default": [
        "DeregistrationDelay", "HealthCheckInterval", "HealthCheckPath", "HealthCheckTimeout",
        "HealthyThresholdCount", "MatcherHTTPCode", "Port", "Protocol", "StickinessEnabled",
        "StickinessLBCookieDuration", "StickinessType", "UnhealthyThresholdCount"],
    "aws:elasticbeanstalk:environment:proxy": ["ProxyServer"],
    "aws:elasticbeanstalk:healthreporting:system": ["SystemType", "ConfigDocument",
                                                    "EnhancedHealthAuthEnabled",
                                                    "HealthCheckSuccessThreshold"],
    "aws:elasticbeanstalk:managedactions": ["ManagedActionsEnabled", "PreferredStartTime",
                                            "ServiceRoleForManagedUpdates"],
    "aws:elasticbeanstalk:managedactions:platformupdate": ["UpdateLevel", "InstanceRefreshEnabled"],
    "aws:elbv2:loadbalancer": ["AccessLogsS3Bucket", "AccessLogsS3Enabled", "AccessLogsS3Prefix",
                               "IdleTimeout", "ManagedSecurityGroup", "SecurityGroups"],
    "aws:elbv2:listener:default": ["DefaultProcess", "ListenerEnabled", "Protocol", "Rules",
                                   "SSLCertificateArns", "SSLPolicy"],
}

# Values the reference enumerates, for the options isofleet relies on.
ENUMS = {
    ("aws:elasticbeanstalk:command", "DeploymentPolicy"):
        ["AllAtOnce", "Rolling", "RollingWithAdditionalBatch", "Immutable", "TrafficSplitting"],
    ("aws:elasticbeanstalk:command", "BatchSizeType"): ["Percentage", "Fixed"],
    ("aws:elasticbeanstalk:environment:proxy", "ProxyServer"): ["nginx", "none"],
    ("aws:elasticbeanstalk:environment:process:default", "Protocol"): ["HTTP", "HTTPS"],
    ("aws:elasticbeanstalk:healthreporting:system", "SystemType"): ["basic", "enhanced"],
    ("aws:elasticbeanstalk:environment", "LoadBalancerType"): ["classic", "application", "network"],
    ("aws:elasticbeanstalk:environment", "EnvironmentType"): ["SingleInstance", "LoadBalanced"],
    ("aws:autoscaling:updatepolicy:rollingupdate", "RollingUpdateType"): ["Time", "Health", "Immutable"],
    ("aws:autoscaling:launchconfiguration", "RootVolumeType"): ["standard", "gp2", "gp3", "io1", "io2"],
    ("aws:autoscaling:trigger", "MeasureName"):
        ["CPUUtilization", "NetworkIn", "NetworkOut", "DiskWriteOps", "DiskReadBytes", "DiskReadOps",
         "DiskWriteBytes", "Latency", "RequestCount", "HealthyHostCount", "UnhealthyHostCount",
         "TargetResponseTime"],
    ("aws:autoscaling:trigger", "Statistic"): ["Minimum", "Maximum", "Sum", "Average"],
}

SCALAR = {"type": ["string", "number", "boolean"]}


def option_item(namespace, names):
    branches = []
    for name in names:
        value = {"enum": ENUMS[(namespace, name)]} if (namespace, name) in ENUMS else SCALAR
        branches.append({
            "properties": {"option_name": {"const": name}, "value": value},
        })
    return {
        "if": {"properties": {"namespace": {"const": namespace}}, "required": ["namespace"]},
        "then": {
            "properties": {"option_name": {"enum": names}},
            "anyOf": branches,
        },
    }


schema = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://isofleet.invalid/schemas/ebextensions.schema.json",
    "title": "Elastic Beanstalk .ebextensions config file (option namespaces isofleet may set)",
    "description": "GENERATED by schemas/gen-ebextensions-schema.py; edit the table there. Option "
                   "settings in the list form (namespace, option_name, value); namespaces and option "
                   "names closed, a few values enumerated. aws:elasticbeanstalk:application:environment "
                   "takes any property name. Resources are linted by cfn-lint, not here.",
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "option_settings": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["namespace", "option_name", "value"],
                "properties": {
                    "namespace": {"enum": sorted(NAMESPACES) + ["aws:elasticbeanstalk:application:environment"]},
                    "option_name": {"type": "string", "minLength": 1},
                    "value": SCALAR,
                    "resource_name": {"type": "string"},
                },
                "allOf": [option_item(ns, names) for ns, names in sorted(NAMESPACES.items())] + [{
                    "if": {"properties": {"namespace": {"const": "aws:elasticbeanstalk:application:environment"}}},
                    "then": {"properties": {"option_name": {"pattern": "^[A-Za-z_][A-Za-z0-9_]*$"},
                                            "value": {"type": "string"}}},
                }],
            },
        },
        "Resources": {"type": "object", "minProperties": 1},
        "Outputs": {"type": "object"},
        "packages": {"type": "object"},
        "groups": {"type": "object"},
        "users": {"type": "object"},
        "sources": {"type": "object"},
        "files": {"type": "object"},
        "commands": {"type": "object"},
        "services": {"type": "object"},
        "container_commands": {"type": "object"},
    },
}

out = pathlib.Path(__file__).with_name("ebextensions.schema.json")
text = json.dumps(schema, indent=1) + "\n"
if len(sys.argv) > 1 and sys.argv[1] == "--check":
    sys.exit(0 if out.read_text() == text else 1)
out.write_text(text)
