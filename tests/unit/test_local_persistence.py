"""The local emulator's snapshots: everything the platform keeps comes back (tables with
their indexes, objects, queued messages with their redrive, secrets), a snapshot is one
moment (requests wait while it is taken), only a change makes one, a torn write or a
snapshot of another moto version never loads as if it were good, and `make reset` refuses
while the state is in use."""

from __future__ import annotations

import fcntl
import json
import pickle
import threading
import time

import pytest

from local import persistence
from local.reset import reset


def _snapshots(path):
    gate = persistence.Gate()
    recorder = persistence.ChangeRecorder(lambda environ, start: [b""], gate)
    return persistence.Snapshots(path, gate, recorder), recorder


def _wipe_moto() -> None:
    from moto.core.base_backend import BackendDict

    BackendDict.reset()


def test_a_snapshot_brings_back_tables_objects_messages_and_secrets(aws, tmp_path):
    from chalicelib.identity.user_tables import User
    from chalicelib.platform.aws.clients import client
    from chalicelib.platform.config import queue_name, settings

    User("U1", name="Ada", status="active", created_at=1.0).save()
    client("s3").put_object(Bucket=settings().bucket, Key="probe/x", Body=b"an object")
    sqs = client("sqs")
    url = sqs.get_queue_url(QueueName=queue_name("uploads"))["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody="not handled yet")
    secret = client("secretsmanager").get_secret_value(SecretId=settings().secret_id)[
        "SecretString"]

    snapshots, recorder = _snapshots(tmp_path / "aws.pickle")
    recorder.changed()
    assert snapshots.save_if_changed() is not None
    _wipe_moto()
    with pytest.raises(sqs.exceptions.QueueDoesNotExist):
        sqs.get_queue_url(QueueName=queue_name("uploads"))

    header = snapshots.restore()
    assert header and header["format"] == persistence.FORMAT
    assert User.get("U1").name == "Ada"
    assert [u.user_id for u in User.by_status.query("active")] == ["U1"]  # its index too
    assert client("s3").get_object(Bucket=settings().bucket, Key="probe/x")["Body"].read() == (
        b"an object")
    assert client("secretsmanager").get_secret_value(SecretId=settings().secret_id)[
        "SecretString"] == secret
    messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10)["Messages"]
    assert [m["Body"] for m in messages] == ["not handled yet"]
    redrive = json.loads(sqs.get_queue_attributes(QueueUrl=url, AttributeNames=[
        "RedrivePolicy"])["Attributes"]["RedrivePolicy"])
    assert redrive["deadLetterTargetArn"].endswith(queue_name("uploads-dlq"))


def test_bootstrap_on_a_restored_state_keeps_its_secrets(aws, tmp_path):
    from chalicelib.platform.aws.clients import client
    from chalicelib.platform.config import settings
    from local import bootstrap

    secret = client("secretsmanager").get_secret_value(SecretId=settings().secret_id)
    snapshots, recorder = _snapshots(tmp_path / "aws.pickle")
    recorder.changed()
    snapshots.save_if_changed()
    _wipe_moto()
    snapshots.restore()
    bootstrap.provision()
    again = client("secretsmanager").get_secret_value(SecretId=settings().secret_id)
    assert again["SecretString"] == secret["SecretString"]
    assert again["VersionId"] == secret["VersionId"]


def test_only_a_change_makes_a_snapshot(aws, tmp_path):
    snapshots, recorder = _snapshots(tmp_path / "aws.pickle")
    assert snapshots.save_if_changed() is None and not snapshots.path.exists()
    recorder.changed()
    assert snapshots.save_if_changed() is not None
    assert snapshots.save_if_changed() is None


@pytest.mark.parametrize(("environ", "effect"), [
    ({"REQUEST_METHOD": "GET"}, "none"),
    ({"REQUEST_METHOD": "HEAD"}, "none"),
    ({"REQUEST_METHOD": "PUT"}, "write"),  # an S3 object
    ({"REQUEST_METHOD": "POST"}, "write"),  # an S3 POST upload, an SES call
    ({"REQUEST_METHOD": "POST", "HTTP_X_AMZ_TARGET": "DynamoDB_20120810.Query"}, "none"),
    ({"REQUEST_METHOD": "POST", "HTTP_X_AMZ_TARGET": "DynamoDB_20120810.BatchGetItem"},
     "none"),
    ({"REQUEST_METHOD": "POST", "HTTP_X_AMZ_TARGET": "DynamoDB_20120810.TransactWriteItems"},
     "write"),
    ({"REQUEST_METHOD": "POST", "HTTP_X_AMZ_TARGET": "AmazonSQS.GetQueueUrl"}, "none"),
    ({"REQUEST_METHOD": "POST", "HTTP_X_AMZ_TARGET": "AmazonSQS.ReceiveMessage"}, "answer"),
    ({"REQUEST_METHOD": "POST", "HTTP_X_AMZ_TARGET": "AmazonSQS.DeleteMessageBatch"},
     "write"),
    ({"REQUEST_METHOD": "POST", "HTTP_X_AMZ_TARGET": "secretsmanager.PutSecretValue"},
     "write"),
])
def test_what_counts_as_a_change(environ, effect):
    assert persistence.effect(environ) == effect


def test_a_receive_changes_the_state_only_when_it_returns_messages():
    answers = iter([b'{"Messages": []}', b'{"Messages": [{"ReceiptHandle": "h"}]}'])
    recorder = persistence.ChangeRecorder(lambda environ, start: [next(answers)],
                                          persistence.Gate())
    environ = {"REQUEST_METHOD": "POST", "HTTP_X_AMZ_TARGET": "AmazonSQS.ReceiveMessage"}
    assert recorder(environ, None) == [b'{"Messages": []}'] and recorder.changes == 0
    recorder(environ, None)
    assert recorder.changes == 1


def test_a_snapshot_waits_for_requests_in_flight_and_holds_new_ones():
    gate = persistence.Gate()
    events: list[str] = []
    in_request, release = threading.Event(), threading.Event()

    def request(name: str, hold: bool) -> None:
        with gate.shared():
            events.append(f"{name} in")
            if hold:
                in_request.set()
                release.wait(5)
            events.append(f"{name} out")

    def snapshot() -> None:
        with gate.exclusive():
            events.append("snapshot")
            time.sleep(0.1)

    first = threading.Thread(target=request, args=("first", True))
    first.start()
    in_request.wait(5)
    taker = threading.Thread(target=snapshot)
    taker.start()
    time.sleep(0.1)
    late = threading.Thread(target=request, args=("late", False))
    late.start()
    time.sleep(0.1)
    assert events == ["first in"]  # the snapshot waits; the late request waits behind it
    release.set()
    for thread in (first, taker, late):
        thread.join(5)
    assert events == ["first in", "first out", "snapshot", "late in", "late out"]


def test_a_torn_write_leaves_the_previous_snapshot(aws, tmp_path):
    snapshots, recorder = _snapshots(tmp_path / "aws.pickle")
    recorder.changed()
    snapshots.save_if_changed()
    good = snapshots.path.read_bytes()
    # kill -9 during a write: the sibling is half written, the snapshot untouched.
    snapshots.path.with_name("aws.pickle.tmp").write_bytes(good[: len(good) // 2])
    _wipe_moto()
    assert snapshots.restore() is not None
    assert not snapshots.path.with_name("aws.pickle.tmp").exists()
    assert snapshots.path.read_bytes() == good


def test_write_atomic_replaces_the_whole_file(tmp_path):
    target = tmp_path / "state.bin"
    target.write_bytes(b"old")
    persistence.write_atomic(target, b"new and longer")
    assert target.read_bytes() == b"new and longer"
    assert [p.name for p in tmp_path.iterdir()] == ["state.bin"]


@pytest.mark.parametrize("content", [b"not a pickle", pickle.dumps({"format": 1,
                                                                      "moto": "0.0.1"})])
def test_an_unusable_snapshot_is_refused_and_kept(tmp_path, content):
    snapshots, _ = _snapshots(tmp_path / "aws.pickle")
    snapshots.path.write_bytes(content)
    with pytest.raises(persistence.StateError):
        snapshots.restore()
    assert snapshots.path.read_bytes() == content  # nothing is deleted for the person


def test_reset_wipes_the_state_but_not_while_it_is_in_use(tmp_path):
    state = tmp_path / "state"
    (state / "outbox").mkdir(parents=True)
    (state / "aws.pickle").write_bytes(b"x")
    with open(state / "aws.lock", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)  # as the running emulator does
        with pytest.raises(SystemExit, match="stop it first"):
            reset(state)
        assert (state / "aws.pickle").exists()
    assert "wiped" in reset(state)
    assert not state.exists()
    assert "already empty" in reset(state)
