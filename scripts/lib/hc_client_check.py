"""The Python healthchecks-io client's calls, unmodified, against a running Lifeline (scripts/hc-client-check).

Each call is made through the client's public API only; a call passes when the client returns without
raising and what it returns says what Lifeline holds. Prints one line per call and 'N passed, N failed'.
"""
import json
import os
import sys
import time
import urllib.request
import uuid as uuidlib

if os.environ.get("HC_CLIENT_SRC"):
    sys.path.insert(0, os.environ["HC_CLIENT_SRC"])

import healthchecks_io  # noqa: E402
from healthchecks_io import CheckCreate, CheckTrap, CheckUpdate, Client  # noqa: E402

BASE, API_KEY, PING_KEY = sys.argv[1].rstrip("/"), sys.argv[2], sys.argv[3]
results = []


def call(name, fn, expect=None):
    try:
        value = fn()
        ok = expect is None or bool(expect(value))
        results.append(ok)
        print(("PASS " if ok else "FAIL ") + name + ("" if ok else ": unexpected " + repr(value)[:300]))
        return value
    except Exception as e:  # the client raises its own errors for any answer it cannot use
        results.append(False)
        print("FAIL " + name + ": " + type(e).__name__ + ": " + str(e)[:300])
        return None


def wait_for(fn, done, bound=10.0):
    deadline = time.time() + bound
    value = fn()
    while not done(value) and time.time() < deadline:
        time.sleep(0.1)
        value = fn()
    return value


print("healthchecks-io client", healthchecks_io.__version__, "against", BASE)
# The client cannot create channels; one is made over plain HTTP so that listing them shows something.
channel_name = "hc-client-" + uuidlib.uuid4().hex[:8]
request = urllib.request.Request(BASE + "/api/v3/channels/", method="POST", headers={
    "X-Api-Key": API_KEY, "Content-Type": "application/json"}, data=json.dumps(
    {"name": channel_name, "kind": "email", "config": {"to": "ops@example.com"}}).encode())
channel_id = json.load(urllib.request.urlopen(request))["id"]
for version in (1, 3):
    client = Client(api_key=API_KEY, ping_key=PING_KEY, api_url=BASE + "/api/", ping_url=BASE + "/ping/",
                    api_version=version)
    tag = "hcclient" + uuidlib.uuid4().hex[:8]
    name = f"client v{version} {tag}"
    v = f"v{version} "
    created = call(v + "create_check", lambda: client.create_check(
        CheckCreate(name=name, tags=tag, timeout=60, grace=60)), lambda c: c.name == name and c.uuid)
    if created is None:
        continue
    uuid = created.uuid
    slug = created.slug or "slug-" + tag
    if not created.slug:
        call(v + "update_check (slug)", lambda: client.update_check(uuid, CheckUpdate(desc="by slug")),
             lambda c: c.desc == "by slug")
    call(v + "get_checks by tag", lambda: client.get_checks(tags=[tag]), lambda cs: [c.uuid for c in cs] == [uuid])
    call(v + "get_check", lambda: client.get_check(uuid), lambda c: c.name == name)
    call(v + "update_check", lambda: client.update_check(uuid, CheckUpdate(grace=120)), lambda c: c.grace == 120)
    call(v + "start_ping", lambda: client.start_ping(uuid=uuid, data="starting"), lambda r: r[0])
    call(v + "success_ping", lambda: client.success_ping(uuid=uuid, data="done"), lambda r: r == (True, "OK"))
    call(v + "fail_ping", lambda: client.fail_ping(uuid=uuid, data="boom"), lambda r: r[0])
    call(v + "exit_code_ping", lambda: client.exit_code_ping(0, uuid=uuid), lambda r: r[0])
    if version == 1:
        call(v + "success_ping by slug", lambda: client.success_ping(slug=created.slug), lambda r: r[0])
    with_pings = wait_for(lambda: client.get_check(uuid), lambda c: c.n_pings >= 4)
    call(v + "get_check after pings", lambda: with_pings, lambda c: c.status == "up" and c.n_pings >= 4)
    call(v + "get_check_pings", lambda: client.get_check_pings(uuid),
         lambda ps: len(ps) >= 4 and ps[-1].type == "start" and any(p.duration is not None for p in ps))

    def trapped():
        with CheckTrap(client, uuid=uuid) as trap:
            trap.add_log("inside the trap")
        return True
    call(v + "CheckTrap", trapped)
    call(v + "get_integrations", lambda: client.get_integrations(),
         lambda cs: any(c.id == channel_id and c.name == channel_name and c.kind == "email" for c in cs))
    call(v + "get_badges", lambda: client.get_badges(), lambda bs: "*" in bs and tag in bs and bs[tag].svg3)
    # get_check_flips reads the answer as a bare list, as healthchecks' docs show it; healthchecks' server
    # (and Lifeline, as healthchecks) answers {"flips": [...]}, so this call fails against healthchecks.io
    # too. Lifeline serves the bare list with ?format=list, which this client does not send.
    try:
        client.get_check_flips(uuid)
        print("NOTE " + v + "get_check_flips worked")
    except Exception as e:
        print("KNOWN " + v + "get_check_flips fails, as against healthchecks.io: " + type(e).__name__)
    with_channel = call(v + "create_check with channels=<id>", lambda: client.create_check(
        CheckCreate(name=name + " one channel", channels=channel_id)), lambda c: c.channels == channel_id)
    if with_channel is not None:
        call(v + "get_check lists the channel", lambda: client.get_check(with_channel.uuid),
             lambda c: c.channels == channel_id)
        call(v + "delete_check (one channel)", lambda: client.delete_check(with_channel.uuid),
             lambda c: c.channels == channel_id)
    with_all = call(v + 'create_check with channels="*"', lambda: client.create_check(
        CheckCreate(name=name + " every channel", channels="*")), lambda c: channel_id in c.channels.split(","))
    if with_all is not None:
        call(v + 'delete_check (channels="*")', lambda: client.delete_check(with_all.uuid), lambda c: c.uuid)
    call(v + "pause_check", lambda: client.pause_check(uuid), lambda c: c.status == "paused")
    call(v + "delete_check", lambda: client.delete_check(uuid), lambda c: c.name == name)

urllib.request.urlopen(urllib.request.Request(BASE + "/api/v3/channels/" + channel_id, method="DELETE",
                                              headers={"X-Api-Key": API_KEY}))
print(f"{sum(results)} passed, {len(results) - sum(results)} failed")
sys.exit(0 if all(results) else 1)
