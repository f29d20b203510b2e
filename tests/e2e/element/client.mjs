// An "Element-grade" Matrix client for europa-bot's end-to-end tests (tests/e2e/test_element.py).
//
// matrix-js-sdk with its Rust crypto (matrix-sdk-crypto-wasm), set up as Element does since
// April 2026: own cross-signing bootstrapped, and "exclude insecure devices"
// (OnlySignedDevicesIsolationMode, MSC4153): room keys go only to devices cross-signed by their
// owner, and events from other devices fail to decrypt with UNSIGNED_SENDER_DEVICE.
// matrix-js-sdk 43 needs Node >= 22; package.json says where that Node comes from.
//
// Input: one JSON object on stdin:
//   {homeserver, user, password, roomId, botUserId, command,
//    joinTimeoutS, replyTimeoutS, withheldReplyTimeoutS}
// Output: one JSON verdict on stdout (every log line goes to stderr). Exit code 0 whenever a
// verdict was written, even if `error` is set in it; anything else is a crash.

import { ClientEvent, createClient, RoomEvent } from "matrix-js-sdk";
import {
    EventShieldColour,
    EventShieldReason,
    OnlySignedDevicesIsolationMode,
} from "matrix-js-sdk/lib/crypto-api/index.js";

// stdout carries only the verdict; the SDK and the wasm crypto log (verbosely) through
// console.*, so all of that goes to stderr, whose tail the Python wrapper shows on failure.
console.log = console.info = console.debug = console.error;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const log = (...args) => console.error("[element-client]", ...args);

/** Poll `probe` (async, truthy when done) until it holds or `timeoutS` pass; its last value. */
async function waitFor(what, timeoutS, probe) {
    const deadline = Date.now() + timeoutS * 1000;
    for (;;) {
        const value = await probe();
        if (value) return value;
        if (Date.now() > deadline) {
            throw new Error(`timed out after ${timeoutS} s waiting for ${what}`);
        }
        await sleep(250);
    }
}

async function readStdin() {
    let text = "";
    for await (const chunk of process.stdin) text += chunk;
    return JSON.parse(text);
}

/**
 * A fetch that records the to-device messages this client sends: which devices got an
 * Olm-encrypted message (that is how a room key travels) and which got m.room_key.withheld.
 * This is the direct evidence of whom the crypto shared the room key with.
 */
function recordingFetch(toDevice) {
    return async (input, init) => {
        const url = new URL(input instanceof Request ? input.url : input);
        const match = url.pathname.match(/\/sendToDevice\/([^/]+)\//);
        if (match && init?.body) {
            const type = decodeURIComponent(match[1]);
            for (const [userId, devices] of Object.entries(JSON.parse(init.body).messages ?? {})) {
                for (const [deviceId, content] of Object.entries(devices)) {
                    toDevice.push({ type, userId, deviceId, code: content.code ?? null });
                }
            }
        }
        return fetch(input, init);
    };
}

async function main(input) {
    const { homeserver, user, password, roomId, botUserId } = input;
    const command = input.command ?? "!hilfe";
    const verdict = {
        sdk: null,
        ownCrossSigningReady: false,
        ownDeviceSignedByOwner: false,
        isolationMode: "OnlySignedDevicesIsolationMode",
        botJoined: false,
        botHasCrossSigningIdentity: false,
        botDevices: [],
        botDeviceSignedByOwner: false,
        commandEventId: null,
        commandSentEncrypted: false,
        roomKeySharedWithBotDevices: [],
        roomKeyWithheldFromBotDevices: {},
        roomKeyWithheldFromBot: null,
        replyArrived: false,
        replyDecrypted: false,
        replyBody: null,
        replySenderDevice: null,
        decryptionFailure: null,
        shieldColour: null,
        shieldReason: null,
        error: null,
    };

    const toDevice = [];
    const fetchFn = recordingFetch(toDevice);
    const login = await createClient({ baseUrl: homeserver, fetchFn }).loginRequest({
        type: "m.login.password",
        identifier: { type: "m.id.user", user },
        password,
        initial_device_display_name: "Element-grade test client",
    });
    const client = createClient({
        baseUrl: homeserver,
        fetchFn,
        userId: login.user_id,
        deviceId: login.device_id,
        accessToken: login.access_token,
    });
    const userId = login.user_id;

    // Every bot event after our command is a reply candidate (a reply's m.relates_to sits
    // inside the ciphertext, so an undecryptable reply cannot be matched more closely).
    const botEvents = [];
    let sending = false;
    client.on(RoomEvent.Timeline, (event, room) => {
        if (sending && room?.roomId === roomId && event.getSender() === botUserId) {
            botEvents.push(event);
        }
    });

    try {
        await client.initRustCrypto({ useIndexedDB: false }); // in-memory crypto store
        const crypto = client.getCrypto();
        verdict.sdk = crypto.getVersion();
        const synced = new Promise((resolve) =>
            client.on(ClientEvent.Sync, (state) => state === "PREPARED" && resolve()),
        );
        await client.startClient({ initialSyncLimit: 20 });
        await synced;

        // Element's set-up of a new login: cross-signing with user-interactive auth (password).
        await crypto.bootstrapCrossSigning({
            authUploadDeviceSigningKeys: async (makeRequest) => {
                await makeRequest({
                    type: "m.login.password",
                    identifier: { type: "m.id.user", user: userId },
                    password,
                });
            },
        });
        verdict.ownCrossSigningReady = await crypto.isCrossSigningReady();
        const own = await crypto.getDeviceVerificationStatus(userId, login.device_id);
        verdict.ownDeviceSignedByOwner = Boolean(own?.signedByOwner);
        crypto.setDeviceIsolationMode(new OnlySignedDevicesIsolationMode());

        await client.joinRoom(roomId);
        // Sending before the client has seen m.room.encryption would send in the clear.
        await waitFor("the room's encryption state", input.joinTimeoutS ?? 30, () =>
            crypto.isEncryptionEnabledInRoom(roomId),
        );
        await waitFor(`${botUserId} to join`, input.joinTimeoutS ?? 30, () => {
            return client.getRoom(roomId)?.getMember(botUserId)?.membership === "join";
        });
        verdict.botJoined = true;

        // The bot's device list and cross-signing keys (a /keys/query), as Element knows them.
        const devices = await waitFor("the bot's devices", input.joinTimeoutS ?? 30, async () => {
            const map = await crypto.getUserDeviceInfo([botUserId], true);
            const found = [...(map.get(botUserId)?.values() ?? [])];
            return found.length > 0 && found;
        });
        verdict.botHasCrossSigningIdentity = await crypto.userHasCrossSigningKeys(botUserId, true);
        for (const device of devices) {
            const status = await crypto.getDeviceVerificationStatus(botUserId, device.deviceId);
            verdict.botDevices.push({
                deviceId: device.deviceId,
                displayName: device.displayName ?? null,
                signedByOwner: Boolean(status?.signedByOwner),
                crossSigningVerified: Boolean(status?.crossSigningVerified),
                localVerified: Boolean(status?.localVerified),
                tofu: Boolean(status?.tofu),
            });
        }
        verdict.botDeviceSignedByOwner = verdict.botDevices.every((d) => d.signedByOwner);

        const sentFrom = toDevice.length;
        sending = true;
        const sent = await client.sendMessage(roomId, { msgtype: "m.text", body: command });
        verdict.commandEventId = sent.event_id;
        const ownEvent = client.getRoom(roomId)?.findEventById(sent.event_id);
        verdict.commandSentEncrypted = ownEvent ? ownEvent.isEncrypted() : null;
        for (const message of toDevice.slice(sentFrom).filter((m) => m.userId === botUserId)) {
            if (message.type === "m.room.encrypted") {
                verdict.roomKeySharedWithBotDevices.push(message.deviceId);
            } else if (message.type === "m.room_key.withheld") {
                verdict.roomKeyWithheldFromBotDevices[message.deviceId] = message.code;
            }
        }
        verdict.roomKeyWithheldFromBot = verdict.roomKeySharedWithBotDevices.length === 0;

        // The reply: decrypted and replying to our command, or the last failure we saw
        // (replyArrived then means: the bot sent something this client could not decrypt).
        const isReply = (event) =>
            !event.isDecryptionFailure() &&
            event.getContent()["m.relates_to"]?.["m.in_reply_to"]?.event_id === sent.event_id;
        // Without the room key the bot cannot read the command (this client answers no key
        // requests from other users' devices), so a shorter wait suffices to show no reply.
        const replyTimeoutS = verdict.roomKeyWithheldFromBot
            ? (input.withheldReplyTimeoutS ?? 15)
            : (input.replyTimeoutS ?? 60);
        let finalSince = null; // failures that a late room key cannot mend end the wait early
        const reply = await waitFor("the bot's reply", replyTimeoutS, async () => {
            for (const event of botEvents) await client.decryptEventIfNeeded(event);
            const found = botEvents.find(isReply);
            if (found) return found;
            const failed = botEvents.filter((e) => e.isDecryptionFailure());
            if (failed.length > 0) {
                verdict.replyArrived = true;
                verdict.decryptionFailure = failed.at(-1).decryptionFailureReason;
                const final = ["UNSIGNED_SENDER_DEVICE", "UNKNOWN_SENDER_DEVICE"];
                if (final.includes(verdict.decryptionFailure)) {
                    finalSince ??= Date.now();
                    if (Date.now() - finalSince > 5000) return failed.at(-1);
                }
            }
            return false;
        }).catch((error) => {
            log(error.message);
            return null;
        });
        if (reply) {
            verdict.replyArrived = true;
            if (!reply.isDecryptionFailure()) {
                verdict.replyDecrypted = true;
                verdict.decryptionFailure = null;
                verdict.replyBody = reply.getContent().body ?? null;
                verdict.replySenderDevice = reply.getWireContent().device_id ?? null;
                const info = await crypto.getEncryptionInfoForEvent(reply);
                if (info) {
                    verdict.shieldColour = EventShieldColour[info.shieldColour];
                    verdict.shieldReason =
                        info.shieldReason === null ? null : EventShieldReason[info.shieldReason];
                }
            }
        }
    } catch (error) {
        verdict.error = String(error?.stack ?? error);
    } finally {
        client.stopClient();
    }
    return verdict;
}

const verdict = await main(await readStdin());
process.stdout.write(JSON.stringify(verdict) + "\n", () => process.exit(0));
