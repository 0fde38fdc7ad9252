"""moto server whose requests are applied one at a time, as the real services apply each one atomically.

moto 5 serves requests on threads and keeps its backends in plain dictionaries without locks. Two
concurrent TransactWriteItems can interleave, and a cancelled transaction is rolled back by restoring a
copy of the whole table taken before it started, erasing whatever another thread wrote meanwhile. The
product code is right against DynamoDB; against unlocked moto, concurrency tests pass or fail for the wrong
reason and the local stack can corrupt its own data. This launcher wraps moto's WSGI application in one
lock, so each request is applied as a whole before the next starts.

SQS long polling (`ReceiveMessage` with `WaitTimeSeconds`) would hold that lock for the whole wait and
stall every other request. The launcher plays long polling itself instead: it asks moto without waiting,
under the lock, then watches the queue outside it (every 50 ms, without asking moto) and asks again
once a message is ready or the wait is over.

A cancelled transaction leaves no stream records (moto records each action as it applies it, and
the rollback's own writes): the event publisher sees only what committed, as on DynamoDB.

moto's TransactWriteItems also takes its rollback copy by deep-copying every table the transaction
touches, once per action: the cost of a transaction grows with the table (a 500-person test spent ten
minutes copying). Since requests here run one at a time, a rollback needs only the items the
transaction touches: `transact_write_items` below keeps those (moto's own code otherwise, moto pinned).

Usage (same flags as moto_server): python3 moto_atomic.py -H 127.0.0.1 -p 5000
"""

import argparse
import base64
import copy
import datetime
import io
import json
import os
import signal
import sys
import threading
import time

from werkzeug.serving import run_simple

from moto.moto_server.werkzeug_app import (
    DomainDispatcherApplication,
    MotoRequestHandler,
    create_backend_app,
)

POLL_INTERVAL_SECS = 0.05


def item_level_rollback():
    """Replaces the whole-table rollback copy of TransactWriteItems with one of the touched items."""
    import moto.dynamodb.models as models
    from moto.dynamodb.models.table import Table

    class CopyWithoutTables:
        """moto's `copy` module, except that a table deep-copies as itself: moto's own rollback then
        puts the live table back (a no-op), and the touched items are restored below."""

        def deepcopy(self, obj, memo=None):
            return obj if isinstance(obj, Table) else copy.deepcopy(obj, memo)

        def __getattr__(self, name):
            return getattr(copy, name)

    models.copy = CopyWithoutTables()
    original = models.DynamoDBBackend.transact_write_items

    def transact_write_items(self, transact_items):
        backups = []
        for entry in transact_items:
            _, op = next(iter(entry.items()))
            name = op.get("TableName")
            if not name or name not in self.tables:
                continue
            table = self.tables[name]
            if "Key" in op:
                key = op["Key"]
            else:
                attrs = op.get("Item", {})
                key = {table.hash_key_attr: attrs.get(table.hash_key_attr)}
                if table.range_key_attr is not None:
                    key[table.range_key_attr] = attrs.get(table.range_key_attr)
            try:
                current = self.get_item(name, key)
            except Exception:  # an invalid key: moto's own code reports it
                continue
            before = copy.deepcopy(current.to_json()["Attributes"]) if current else None
            backups.append((name, key, before))
        # The stream records a transaction adds are its own: a cancelled one adds none, as on
        # DynamoDB (moto applies the actions one by one and records each, and the rollback's
        # delete and put would add more).
        stream_marks = {}
        for entry in transact_items:
            _, op = next(iter(entry.items()))
            name = op.get("TableName")
            table = self.tables.get(name) if name else None
            if table is not None and table.stream_shard is not None:
                stream_marks[name] = len(table.stream_shard.items)
        try:
            return original(self, transact_items)
        except Exception:
            for name, key, before in reversed(backups):
                try:
                    self.delete_item(name, key)
                except Exception:
                    pass
                if before is not None:
                    self.put_item(name, before)
            for name, mark in stream_marks.items():
                shard = self.tables[name].stream_shard
                if shard is not None:
                    del shard.items[mark:]
            raise

    models.DynamoDBBackend.transact_write_items = transact_write_items


class Atomic:
    """WSGI middleware: one request inside moto at a time, body included."""

    def __init__(self, app):
        self.app = app
        self.lock = threading.Lock()
        self.changes = {}

    def note_change(self, environ, body):
        """Counts the requests that can make a queue's message visible sooner (sends, deletes,
        visibility changes), per queue name."""
        target = environ.get("HTTP_X_AMZ_TARGET", "")
        if not target.startswith("AmazonSQS.") or target == "AmazonSQS.ReceiveMessage":
            return
        try:
            name = queue_name(json.loads(body).get("QueueUrl"))
        except (ValueError, AttributeError):
            return
        self.changes[name] = self.changes.get(name, 0) + 1

    def call_locked(self, environ, body):
        environ = dict(environ)
        environ["wsgi.input"] = io.BytesIO(body)
        environ["CONTENT_LENGTH"] = str(len(body))
        captured = {}

        def start_response(status, headers, exc_info=None):
            captured["status"] = status
            captured["headers"] = headers
            return lambda data: None

        with self.lock:
            result = self.app(environ, start_response)
            try:
                payload = b"".join(result)
            finally:
                close = getattr(result, "close", None)
                if close is not None:
                    close()
        return captured["status"], captured["headers"], payload

    def __call__(self, environ, start_response):
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length > 0 else b""
        wait = long_poll_wait(environ, body)
        if wait is None:
            status, headers, payload = self.call_locked(environ, body)
            self.note_change(environ, body)
        else:
            request = json.loads(body)
            request["WaitTimeSeconds"] = 0
            no_wait = json.dumps(request).encode()
            deadline = time.monotonic() + wait
            queue = None
            while True:
                status, headers, payload = self.call_locked(environ, no_wait)
                if not status.startswith("200") or has_messages(payload):
                    break
                url = request.get("QueueUrl")
                queue = queue or find_queue(url)
                # Ask moto again only once a message is ready (or the wait ends): idle pollers
                # (one per worker per queue) otherwise queue on the lock ahead of real work. When
                # the next message turns visible is read from the queue once per change to it
                # (a send, delete or visibility change), not on every tick: a queue of thousands
                # of messages in flight would otherwise be scanned by every idle poller.
                seen, due = None, None
                while time.monotonic() < deadline:
                    time.sleep(POLL_INTERVAL_SECS)
                    changed = self.changes.get(queue_name(url), 0)
                    if changed != seen:
                        seen, due = changed, next_visible_ms(queue)
                    if due is not None and now_ms() >= due:
                        break
                if time.monotonic() >= deadline:
                    break
        headers = [(k, v) for k, v in headers if k.lower() != "content-length"]
        headers.append(("Content-Length", str(len(payload))))
        start_response(status, headers)
        return [payload]


def lighter_stream_records():
    """moto sizes every stream record by JSON-dumping it again (`SizeBytes`), on every write of a
    table with a stream: a third of a write's cost here. The size is informational (nothing reads
    it), so it is estimated from the images' JSON that the record keeps anyway."""
    from moto.dynamodb.models import table as table_models
    from moto.moto_api._internal import mock_random
    from moto.core.utils import utcnow

    def init(self, table, stream_type, event_name, old, new, seq):
        old_a = old.to_json()["Attributes"] if old is not None else {}
        new_a = new.to_json()["Attributes"] if new is not None else {}
        rec = old if old is not None else new
        keys = {table.hash_key_attr: rec.hash_key.to_json()}
        if table.range_key_attr is not None and rec is not None:
            keys[table.range_key_attr] = rec.range_key.to_json()
        self.record = {
            "eventID": mock_random.uuid4().hex,
            "eventName": event_name,
            "eventSource": "aws:dynamodb",
            "eventVersion": "1.0",
            "awsRegion": "us-east-1",
            "dynamodb": {
                "StreamViewType": stream_type,
                "ApproximateCreationDateTime": utcnow(),
                "SequenceNumber": str(seq),
                "SizeBytes": 1 + len(old_a) * 64 + len(new_a) * 64,
                "Keys": keys,
            },
        }
        if stream_type in ("NEW_IMAGE", "NEW_AND_OLD_IMAGES") and new is not None:
            self.record["dynamodb"]["NewImage"] = new_a
        if stream_type in ("OLD_IMAGE", "NEW_AND_OLD_IMAGES") and old is not None:
            self.record["dynamodb"]["OldImage"] = old_a

    table_models.StreamRecord.__init__ = init


def cheaper_dispatch():
    """moto finds the backend of every request by listing its own package directory again (an
    `isdir` for each of some 150 services): a fifth of its time here. The list never changes while
    the server runs, so it is read once. Werkzeug's line per request is dropped too (the log nobody
    reads cost a twentieth)."""
    import logging
    from moto import backends

    modules = tuple(backends.list_of_moto_modules())
    backends.list_of_moto_modules = lambda: modules
    logging.getLogger("werkzeug").setLevel(logging.WARNING)


# (service, operation) whose results moto already holds in the wire's own JSON shape.
PLAIN_RESULTS = {
    ("dynamodb", "GetItem"),
    ("dynamodb", "Query"),
    ("dynamodb", "Scan"),
    ("dynamodb", "BatchGetItem"),
    ("dynamodb", "PutItem"),
    ("dynamodb", "UpdateItem"),
    ("dynamodb", "DeleteItem"),
    ("dynamodb", "TransactGetItems"),
    ("dynamodbstreams", "GetRecords"),
}


def plain_json(value):
    """What moto's shape-driven serializer makes of such a result, without walking the service
    model: None dropped, binary base64, numbers as the strings the wire carries, times as epoch
    seconds (moto's clock is naive UTC)."""
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            if v is None:
                continue
            if k == "N" and not isinstance(v, (str, dict, list)):
                out[k] = str(v)
            elif k == "NS" and isinstance(v, list):
                out[k] = [str(n) for n in v]
            else:
                out[k] = plain_json(v)
        return out
    if isinstance(value, list):
        return [plain_json(v) for v in value]
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(value).decode()
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=datetime.timezone.utc)
        return value.timestamp()
    return value


def faster_item_results():
    """moto serializes each response by walking botocore's shape of it attribute by attribute:
    half of its time here, nearly all of it on DynamoDB items and stream records. Those results
    are already in the wire's own JSON shape, so they are dumped as they are (every other
    operation, and every error, still goes through moto's serializer)."""
    from moto.core import responses

    original = responses.ActionResult.execute_result

    def execute_result(self, context):
        key = (context.service_model.service_name, context.operation_model.name)
        if key not in PLAIN_RESULTS or not isinstance(self.result, dict):
            return original(self, context)
        serializer = context.serializer_class(operation_model=context.operation_model)
        headers = {"Content-Type": serializer._get_protocol_specific_content_type()}
        return 200, headers, json.dumps(plain_json(self.result))

    responses.ActionResult.execute_result = execute_result


def partition_queries():
    """moto answers every Query by listing the whole table, sorted (`Table.all_items`), and keeping
    the items of the asked partition: a Query cost grows with the table, and a worker test with a
    few thousand items spent most of moto's time sorting them. A table Query now lists only its
    partition (the same items moto would have kept, sorted by moto as before); an index Query lists
    the table unsorted (moto sorts an index's matches itself). Scan is unchanged."""
    from moto.dynamodb.models.table import Table

    original = Table.query

    def query(self, hash_key, *args, **kwargs):
        index_name = args[6] if len(args) > 6 else kwargs.get("index_name")
        if index_name:
            items = unsorted_items(self)
        else:
            part = self.items.get(hash_key) if hash_key is not None else None
            if part is None:
                items = []
            elif isinstance(part, dict):
                items = list(part.values())
            else:
                items = [part]
        self.all_items = lambda: items
        try:
            return original(self, hash_key, *args, **kwargs)
        finally:
            del self.all_items

    Table.query = query


def unsorted_items(table):
    if table.range_key_attr:
        return [item for part in table.items.values() for item in part.values()]
    return list(table.items.values())


def long_poll_wait(environ, body):
    """The wait of an SQS JSON-protocol ReceiveMessage that long-polls, else None."""
    if environ.get("HTTP_X_AMZ_TARGET") != "AmazonSQS.ReceiveMessage":
        return None
    try:
        wait = int(json.loads(body).get("WaitTimeSeconds") or 0)
    except (ValueError, AttributeError):
        return None
    return wait if wait > 0 else None


def find_queue(url):
    """moto's queue behind a queue URL (`.../<account>/<name>`), or None."""
    from moto.sqs.models import sqs_backends

    if not isinstance(url, str):
        return None
    parts = url.rstrip("/").split("/")
    if len(parts) < 2:
        return None
    account, name = parts[-2], parts[-1]
    try:
        for region in sqs_backends[account].values():
            queue = region.queues.get(name)
            if queue is not None:
                return queue
    except Exception:
        return None
    return None


def queue_name(url):
    return url.rstrip("/").rsplit("/", 1)[-1] if isinstance(url, str) else ""


def now_ms():
    return time.time() * 1000


def next_visible_ms(queue):
    """When the queue's next message can be received (epoch ms; 0 for an unknown queue: ask moto;
    None when it holds none). Reads the list without the lock: a stale answer is corrected at the
    queue's next change or at the end of the wait."""
    if queue is None:
        return 0
    try:
        times = [max(m.visible_at, m.delayed_until) for m in list(queue._messages)]
    except Exception:
        return 0
    return min(times) if times else None


def has_messages(payload):
    try:
        return bool(json.loads(payload).get("Messages"))
    except (ValueError, AttributeError):
        return True


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("-H", "--host", default="127.0.0.1")
    parser.add_argument("-p", "--port", type=int, default=int(os.environ.get("MOTO_PORT", 5000)))
    args = parser.parse_args()
    os.environ.setdefault("MOTO_PORT", str(args.port))
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    signal.signal(signal.SIGINT, lambda *_: sys.exit(0))
    item_level_rollback()
    lighter_stream_records()
    cheaper_dispatch()
    faster_item_results()
    partition_queries()
    app = DomainDispatcherApplication(create_backend_app)
    # A response went out as two writes (head, then body): with Nagle's algorithm on, the body
    # waited for the client's delayed ACK of the head, and each write gave up the GIL and queued to
    # get it back behind the thread holding the lock. Buffered, head and body leave in one write
    # (werkzeug flushes after each chunk of the body).
    MotoRequestHandler.disable_nagle_algorithm = True
    MotoRequestHandler.wbufsize = 1 << 16
    run_simple(
        args.host,
        args.port,
        Atomic(app),
        threaded=True,
        request_handler=MotoRequestHandler,
    )


if __name__ == "__main__":
    main()
