# Loaded by every Python that test/support/moto.ts starts moto in (it puts this folder first on
# PYTHONPATH, and Python imports `sitecustomize` at start-up), so the patch applies whether moto
# runs as `moto_server` or as `python3 -m moto.server`. Written against moto 5.2.1.
#
# moto's CloudFormation falls short of AWS for nested stacks (AWS::CloudFormation::Stack) in
# ways that ecs-arch's split templates meet. AWS's page for the resource,
# https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-cloudformation-stack.html,
# says what AWS does; this patches exactly these gaps, nothing else:
#
# 1. Fn::GetAtt [NestedStack, Outputs.Name]: "use the GetAtt function with the nested stack's
#    logical name and the name of the output value in the nested stack in the format
#    Outputs.NestedStackOutputName" (also its "Return values"). moto's Stack model claims every
#    attribute (has_cfn_attr) but has no get_cfn_attribute: "'Stack' object has no attribute
#    'get_cfn_attribute'". Patched: Outputs.<Name> is the child stack's output of that name.
# 2. Updating a nested stack: "CloudFormation updates the top-level stack and initiates an
#    update to its nested stacks. CloudFormation updates the resources of modified nested
#    stacks, but doesn't update the resources of unmodified nested stacks." moto deletes the
#    child stack and creates a new one, giving every queue, bucket and table in it a new
#    physical ID. Patched: the child stack is updated in place (moto's own stack update).
#    And AWS updates resources in the order their references give; moto creates every added
#    resource before it updates any changed one, so an added nested stack that reads an output
#    a changed nested stack only gains in this update fails ("'NoneType' object has no
#    attribute 'get'"). Patched: added nested stacks join moto's update pass, which retries
#    what fails until what it reads is updated (and creates what it reads on first use).
# 3. Values of resources moto does not model (CloudWatch alarms, Scheduler schedule groups, …:
#    "No Moto CloudFormation support for …"). moto creates nothing for them and a Ref to one is
#    None, which within one stack goes unnoticed; across stacks it breaks: a child's output of
#    such a resource fails when the child is created ("'NoneType' object has no attribute
#    'has_cfn_attr'") and a None parameter cannot be passed to a child. Patched: such an output
#    or parameter carries a placeholder ARN that names the resource. No test reads it as a value
#    AWS would give (none of these resources exists in moto to compare with).
# 4. Speed, not behaviour: moto reads every template with PyYAML's pure-Python loader before it
#    tries JSON: nine tenths of its time on a large split (cProfile; creating 60 copies and
#    updating to 150 in moto took 75 s, 16 s with this). Patched: a template that is JSON is
#    read as JSON first (JSON is a subset of YAML, so the result is the same).
import importlib.abc
import importlib.util
import json
import sys

PATCHED = "moto.cloudformation.models"


def patch(models):
    from moto.cloudformation.exceptions import UnformattedGetAttTemplateException
    from moto.cloudformation.utils import get_stack_from_s3_url
    from moto.utilities.utils import get_partition
    from moto.cloudformation import parsing

    def get_cfn_attribute(self, attribute_name):
        if attribute_name.startswith("Outputs."):
            output = self.output_map.get(attribute_name[len("Outputs."):])
            if output is not None:
                return output.value
        raise UnformattedGetAttTemplateException()

    def update_from_cloudformation_json(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name):
        properties = cloudformation_json["Properties"]
        template = get_stack_from_s3_url(properties["TemplateURL"], account_id=account_id, partition=get_partition(region_name))
        stack = models.cloudformation_backends[account_id][region_name].get_stack(original_resource.stack_id)
        parameters = properties.get("Parameters", {})
        # Unchanged (as an added stack is, created on first use in the same pass): nothing to do.
        if not (stack.has_template(template) and stack.has_parameters(parameters)):
            stack.update(template, parameters=parameters)
        return stack

    def unmodelled(resources_map, value):
        """The placeholder for a Ref or GetAtt of a resource moto does not model, else None."""
        if not isinstance(value, dict) or len(value) != 1:
            return None
        [(function, argument)] = value.items()
        if function == "Ref" and isinstance(argument, str):
            target, attribute = argument, "Ref"
        elif function == "Fn::GetAtt" and isinstance(argument, list) and len(argument) == 2:
            target, attribute = argument
        else:
            return None
        resource_type = (resources_map._resource_json_map.get(target) or {}).get("Type")
        if resource_type is None or resource_type.startswith("Custom::"):
            return None
        if resource_type not in parsing.NULL_MODELS and resource_type in parsing.get_model_map():
            return None
        return placeholder(f"{target}/{attribute}")

    def placeholder(name):
        return f"arn:aws:unmodelled-by-moto:us-east-1:123456789012:{name}"

    validate_outputs = parsing.ResourceMap.validate_outputs

    def validate_modelled_outputs(self):
        template = self._template
        outputs = template.get("Outputs") or {}
        self._template = {**template, "Outputs": {k: v for k, v in outputs.items() if unmodelled(self, v.get("Value")) is None}}
        try:
            validate_outputs(self)
        finally:
            self._template = template

    parse_output = parsing.parse_output

    def parse_modelled_output(output_logical_id, output_json, resources_map):
        value = unmodelled(resources_map, output_json.get("Value"))
        if value is None or "Condition" in output_json:
            return parse_output(output_logical_id, output_json, resources_map)
        return parsing.Output(key=output_logical_id, value=value, description=output_json.get("Description"))

    parse_resource = parsing.parse_resource

    def parse_resource_with_known_parameters(resource_json, resources_map):
        """A nested stack's parameters, with placeholders where moto would drop the value."""
        parameters = (resource_json.get("Properties") or {}).get("Parameters")
        if resource_json.get("Type") == "AWS::CloudFormation::Stack" and parameters:
            known = {name: unmodelled(resources_map, value) or value for name, value in parameters.items()}
            resource_json = {**resource_json, "Properties": {**resource_json["Properties"], "Parameters": known}}
        return parse_resource(resource_json, resources_map)

    update = parsing.ResourceMap.update

    def update_stacks_last(self, template, parameters=None):
        """moto's update, with added nested stacks moved from its create pass to its update pass."""
        build_resource_diff = self.build_resource_diff

        def stacks_last(other_template, parameters=None):
            actions = build_resource_diff(other_template, parameters)
            stacks = [name for name in actions["Add"] if other_template["Resources"][name].get("Type") == "AWS::CloudFormation::Stack"]
            actions["Add"] = [name for name in actions["Add"] if name not in stacks]
            actions["Modify"] = actions["Modify"] + stacks
            return actions

        # Only here: change sets list what moto's own diff says (an added stack stays an "Add").
        self.build_resource_diff = stacks_last
        try:
            update(self, template, parameters)
        finally:
            del self.build_resource_diff

    parsing.ResourceMap.validate_outputs = validate_modelled_outputs
    parsing.ResourceMap.update = update_stacks_last
    parsing.parse_output = parse_modelled_output
    parse_template = models.Stack.parse_template

    def parse_json_first(template):
        try:
            return json.loads(template)
        except (TypeError, ValueError):
            return parse_template(template)

    models.Stack.parse_template = staticmethod(parse_json_first)

    def parse_change_set_template(self):
        self.template_dict = parse_json_first(self.template)

    models.ChangeSet._parse_template = parse_change_set_template
    models.Stack.get_cfn_attribute = get_cfn_attribute
    models.Stack.update_from_cloudformation_json = classmethod(update_from_cloudformation_json)
    parsing.parse_resource = parse_resource_with_known_parameters


class PatchOnImport(importlib.abc.MetaPathFinder):
    """Patches moto's CloudFormation models when moto first imports them: importing them here
    would add seconds of start-up to every moto, and to every other Python on this PYTHONPATH."""

    def find_spec(self, name, path, target=None):
        if name != PATCHED:
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        execute = spec.loader.exec_module

        def exec_module(module):
            execute(module)
            patch(module)

        spec.loader.exec_module = exec_module
        return spec


sys.meta_path.insert(0, PatchOnImport())
