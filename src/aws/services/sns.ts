// Amazon SNS (regional): topics and who is subscribed to them. An unconfirmed subscription shows
// SubscriptionArn "PendingConfirmation". ListSubscriptionsByTopic on a topic deleted since → NotFound: absent.
import type { ListSubscriptionsByTopicCommandOutput, ListTopicsCommandOutput } from '@aws-sdk/client-sns';
import { defineService, type CallFn, sdkPackage } from '../service.js';
import { list, obj, shapeOf, str } from '../shapes.js';

export const sns = defineService({
  name: 'sns',
  iamPrefix: 'sns',
  load: () => sdkPackage<typeof import('@aws-sdk/client-sns')>('@aws-sdk/client-sns'),
  client: 'SNSClient',
  listsAlwaysSent: true,
  operations: {
    ListTopics: {
      command: 'ListTopicsCommand',
      paginator: 'paginateListTopics',
      items: ['Topics'],
      shape: shapeOf<ListTopicsCommandOutput>()({ Topics: list(obj({ TopicArn: str })) }),
    },
    ListSubscriptionsByTopic: {
      command: 'ListSubscriptionsByTopicCommand',
      paginator: 'paginateListSubscriptionsByTopic',
      items: ['Subscriptions'],
      absent: ['NotFound', 'NotFoundException'],
      shape: shapeOf<ListSubscriptionsByTopicCommandOutput>()({ Subscriptions: list(obj({ SubscriptionArn: str, Protocol: str })) }),
    },
  },
});

export const snsAccessors = (call: CallFn) => ({
  topicArns: async (region: string) =>
    ((await call<ListTopicsCommandOutput>('sns', 'ListTopics', {}, region)).Topics ?? []).flatMap((t) => (t.TopicArn ? [t.TopicArn] : [])),
  /** The topic's subscriptions ([] when it has none or no longer exists). */
  subscriptions: async (region: string, TopicArn: string) =>
    (await call<ListSubscriptionsByTopicCommandOutput | undefined>('sns', 'ListSubscriptionsByTopic', { TopicArn }, region))
      ?.Subscriptions ?? [],
});
