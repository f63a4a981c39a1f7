import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Makes a tool die with the server: `spool __guard --nice N -- TOOL ARGS…` forks TOOL with a
/// parent-death signal (SIGKILL when the guard goes) at niceness N, then waits for it while it
/// watches its standard input — a pipe whose only writer is the server. When the server dies, even
/// by `kill -9`, the pipe reaches end of file, and the guard kills the tool and exits; a tool that
/// ends on its own ends the guard with the same status (a signal is raised again).
///
/// The guard is Spool's own binary in a hidden mode (``runIfRequested(_:)`` in `main`), installed
/// with ``install(executable:)``; without one (library tests) tools are started directly.
///
/// ffmpeg needs this: it ignores SIGPIPE and keeps encoding after the server that read its
/// progress is gone, and a parent-death signal set by the server itself would be tied to the
/// server thread that started it, which the thread pool may end at any time.
public enum ChildGuard {
    /// The hidden first argument that selects the guard.
    public static let command = "__guard"
    private static let guardExecutable = Mutex<String?>(nil)

    /// Starts guarding tools with `executable` (Spool's binary, e.g. `/proc/self/exe`).
    public static func install(executable: String) {
        guardExecutable.withLock { $0 = executable }
    }

    /// This process's own binary: `/proc/self/exe` resolved (so `ps` names it), or that link itself
    /// when it cannot be read.
    public static var ownExecutable: String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard length > 0 else { return "/proc/self/exe" }
        let path = String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return path.hasSuffix(" (deleted)") ? "/proc/self/exe" : path
    }

    /// The installed guard binary, if any.
    static var executable: String? { guardExecutable.withLock { $0 } }

    /// The program and arguments that run `path arguments` under the guard at `niceness`, or nil
    /// when no guard is installed.
    static func wrap(_ path: String, arguments: [String], niceness: Int32) -> (path: String, arguments: [String])? {
        guard let executable else { return nil }
        return (executable, [command, "--nice", String(niceness), "--", path] + arguments)
    }

    /// Runs the guard and never returns when `arguments` (the process's own, program first) select
    /// it; returns at once otherwise.
    public static func runIfRequested(_ arguments: [String]) {
        guard arguments.count >= 2, arguments[1] == command else { return }
        var rest = Array(arguments.dropFirst(2))
        var niceness: Int32 = 0
        if rest.count >= 2, rest[0] == "--nice" {
            niceness = Int32(rest[1]) ?? 0
            rest.removeFirst(2)
        }
        if rest.first == "--" { rest.removeFirst() }
        guard let path = rest.first else {
            say("nothing to run")
            exit(2)
        }
        run(path, arguments: rest, niceness: niceness)
    }

    /// Forks and execs the tool, then supervises it; see the type's description.
    private static func run(_ path: String, arguments: [String], niceness: Int32) -> Never {
        // Everything the child needs is made before the fork: after it, only system calls.
        let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        let program = strdup(path)!
        let devNull = strdup("/dev/null")!
        let watchesServer = isPipe(0)
        let parent = getpid()
        let child = fork()
        if child == 0 {
            #if os(Linux)
            _ = setParentDeathSignal(prSetPDeathSig, UInt(SIGKILL), 0, 0, 0)
            #endif
            if getppid() != parent { _exit(137) }
            let null = open(devNull, O_RDONLY)
            if null >= 0 { _ = dup2(null, 0) }
            if niceness > 0 { _ = setpriority(priorityWhich, 0, niceness) }
            _ = execv(program, argv)
            _exit(127)
        }
        guard child > 0 else {
            say("cannot start \(path): \(String(cString: strerror(errno)))")
            exit(127)
        }
        // Signals for the process group (a cancel's SIGTERM) are for the tool; the guard ends
        // when the tool does.
        for signalNumber in [SIGTERM, SIGINT, SIGHUP, SIGPIPE] { _ = signal(signalNumber, SIG_IGN) }
        var descriptor = pollfd(fd: 0, events: Int16(POLLIN), revents: 0)
        while true {
            var status: Int32 = 0
            if waitpid(child, &status, WNOHANG) == child { end(like: status) }
            guard watchesServer else {
                _ = waitpid(child, &status, 0)
                end(like: status)
            }
            if poll(&descriptor, 1, 250) > 0 {
                var byte: UInt8 = 0
                if read(0, &byte, 1) <= 0 {
                    // The server is gone: so is the tool (its whole group).
                    _ = kill(child, SIGKILL)
                    _ = kill(-getpgrp(), SIGKILL)
                    _exit(137)
                }
            }
        }
    }

    /// Writes a line to standard error.
    private static func say(_ message: String) {
        let line = "spool \(command): \(message)\n"
        _ = line.withCString { write(2, $0, strlen($0)) }
    }

    /// Exits with the tool's status, raising its signal again when it was killed by one.
    private static func end(like status: Int32) -> Never {
        let signalNumber = status & 0x7f
        if signalNumber == 0 { exit((status >> 8) & 0xff) }
        _ = signal(signalNumber, SIG_DFL)
        _ = kill(getpid(), signalNumber)
        exit(128 + signalNumber)
    }

    private static func isPipe(_ descriptor: Int32) -> Bool {
        var info = stat()
        return fstat(descriptor, &info) == 0 && (info.st_mode & S_IFMT) == S_IFIFO
    }

    /// `PR_SET_PDEATHSIG` from `<sys/prctl.h>`, which the Glibc module does not import.
    private static let prSetPDeathSig: Int32 = 1

    #if canImport(Glibc)
    private static let priorityWhich = __priority_which_t(PRIO_PROCESS.rawValue)
    #else
    private static let priorityWhich = PRIO_PROCESS
    #endif
}

/// The server's end of a guarded tool's lifeline: a pipe whose read end becomes the guard's
/// standard input and whose write end this process keeps (close-on-exec, so no other child holds
/// it) until the run is over.
final class Lifeline: Sendable {
    /// The read end, handed to the child (and closed here once it is spawned).
    let readEnd: Int32
    private let writeEnd: Int32

    /// A new pipe; nil when none can be made.
    init?() {
        var fds: [Int32] = [0, 0]
        #if os(Linux)
        guard makePipe(&fds, O_CLOEXEC) == 0 else { return nil }
        #else
        guard pipe(&fds) == 0 else { return nil }
        _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
        _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
        #endif
        readEnd = fds[0]
        writeEnd = fds[1]
    }

    deinit {
        close(writeEnd)
    }
}

#if os(Linux)
/// `prctl(2)`, which `<sys/prctl.h>` declares and the Glibc module leaves out; called with integer
/// arguments only.
@_silgen_name("prctl")
private func setParentDeathSignal(_ option: Int32, _ arg2: UInt, _ arg3: UInt, _ arg4: UInt, _ arg5: UInt) -> Int32

/// `pipe2(2)`: a pipe whose ends are close-on-exec from the start, so a process spawned at the same
/// moment on another thread never inherits them.
@_silgen_name("pipe2")
private func makePipe(_ descriptors: UnsafeMutablePointer<Int32>, _ flags: Int32) -> Int32
#endif
