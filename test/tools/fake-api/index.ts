/** The fake Nextmv Cloud API as a library: start it in-process, point clients and receivers at it. */
export { startFakeApi, type FakeApi, type StartFakeApiOptions } from './server';
export { startReceiver, checkSignature, secretFromApi, type Receiver, type ReceiverOptions, type ReceivedDelivery, type Verdict, type SecretLookup } from './receiver';
export { DEFAULT_CONFIG, ConfigError, applyConfigPatch, parseFault } from './config';
export { FakeState, type PersistedState } from './state';
export { seedState, seedApplications, isKnownSeed, HIGH_VOLUME_WEBHOOK } from './seed';
export { RUN_FAILURE_MESSAGE } from './runs';
export { deliver, DELIVERY_USER_AGENT } from './deliver';
export { signatureHeader, hmacHex, signatureTimestamp } from './sign';
export { runStatusEventBody, runStatusData, RUN_STATUSES, type RunStatusData, type RunStatusFields } from './events';
export type { FakeConfig, FaultSpec, RouteName, Envelope, CursorField, SignatureUnit, StoredWebhook, StoredApplication, StoredRun, RunStatusV2, WireConversation, RecordedRequest } from './types';
export { ROUTE_NAMES } from './types';
