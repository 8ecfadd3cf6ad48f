// The grant of a function that completes or fails a workflow's task token (SendTaskSuccess / SendTaskFailure).
import { Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';

export const TASK_CALLBACK_ACTIONS = ['states:SendTaskSuccess', 'states:SendTaskFailure'];

/**
 * The service authorization reference lists no resource type for these two actions, so "*" is the only form IAM
 * matches: a statement naming the state machine's ARN would be denied at run time (CDK's grantTaskResponse does that;
 * aws/aws-cdk discussion 26401). The task token itself (unguessable, stored on the order) is what scopes the call. Also
 * why there is no dependency on the state machine here, which names the task functions: no cycle to break.
 */
export function grantTaskCallbacks(role: iam.Role, sid = 'CompleteWorkflowTasks'): void {
  role.addToPolicy(new iam.PolicyStatement({ sid, actions: TASK_CALLBACK_ACTIONS, resources: ['*'] }));
  Validations.of(role).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason:
      'Only states:SendTaskSuccess/SendTaskFailure, which support no resource-level permissions (service authorization reference); the task token scopes the call, and all other statements name their ARNs.',
  });
}
