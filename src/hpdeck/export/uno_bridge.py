"""A LibreOffice kept running, driven over UNO: run by a Python that has ``uno`` (Debian's
``python3-uno`` on the system Python, LibreOffice's own Python on Windows and macOS).

hpdeck's own Python usually cannot import ``uno``, so this file is a program on its own (the
standard library and ``uno`` only) that hpdeck starts as a child and talks to through its
standard input and output, one JSON object a line:

    → {"input": "/abs/deck.pptx", "output": "/abs/deck.pdf", "pages": "2,5"}
    ← {"ok": true}          or  {"error": "what went wrong", "alive": false}

It starts soffice itself, reachable only through a named pipe (no network port), and ends it
when its input closes; ``alive`` says whether soffice is still usable after an error. The first
line it writes is {"ready": true}, or an error.
"""

import contextlib
import json
import os
import subprocess
import sys
import time
import uuid


def _property(name, value):  # type: ignore[no-untyped-def]
    from com.sun.star.beans import PropertyValue

    prop = PropertyValue()
    prop.Name, prop.Value = name, value
    return prop


def _connect(soffice, profile):  # type: ignore[no-untyped-def]
    """soffice started on a private pipe, and its desktop once it answers."""
    import uno

    pipe = f"hpdeck-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    process = subprocess.Popen(
        [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--invisible",
            "--nodefault",
            "--norestore",
            "--nolockcheck",
            "--nologo",
            f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext",
        ],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    deadline = time.monotonic() + 90
    while True:
        try:
            context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            break
        except Exception:  # NoConnectException until soffice listens
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("LibreOffice did not start") from None
            time.sleep(0.1)
    desktop = context.ServiceManager.createInstanceWithContext(
        "com.sun.star.frame.Desktop", context
    )
    return process, desktop


def _convert(desktop, request):  # type: ignore[no-untyped-def]
    import uno

    document = desktop.loadComponentFromURL(
        uno.systemPathToFileUrl(request["input"]),
        "_blank",
        0,
        (_property("Hidden", True), _property("ReadOnly", True)),
    )
    if document is None:
        raise RuntimeError(f"LibreOffice could not open {request['input']}")
    try:
        options = [_property(key, value) for key, value in request.get("options", {}).items()]
        if request.get("pages"):
            options.append(_property("PageRange", request["pages"]))
        document.storeToURL(
            uno.systemPathToFileUrl(request["output"]),
            (
                _property("FilterName", "impress_pdf_Export"),
                _property(
                    "FilterData", uno.Any("[]com.sun.star.beans.PropertyValue", tuple(options))
                ),
            ),
        )
    finally:
        document.close(True)


def main() -> None:
    out = sys.stdout
    try:
        process, desktop = _connect(sys.argv[1], sys.argv[2])
    except Exception as exc:  # reported to hpdeck, which falls back
        out.write(json.dumps({"error": f"{type(exc).__name__}: {exc}"}) + "\n")
        out.flush()
        return
    out.write(json.dumps({"ready": True}) + "\n")
    out.flush()
    try:
        for line in sys.stdin:
            answer: dict[str, object]
            try:
                _convert(desktop, json.loads(line))
                answer = {"ok": True}
            except Exception as exc:  # one bad deck does not end the office
                alive = process.poll() is None and "Disposed" not in type(exc).__name__
                answer = {"error": f"{type(exc).__name__}: {exc}", "alive": alive}
            out.write(json.dumps(answer) + "\n")
            out.flush()
    finally:
        with contextlib.suppress(Exception):  # it may be gone already
            desktop.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


if __name__ == "__main__":
    main()
