import RESP

/// The queue's Lua scripts, run with `EVALSHA` so each operation is atomic on the server.
///
/// Every script gets ``RedisQueueKeys/all`` as `KEYS` (1 ready, 2 delayed, 3 leased, 4 stats,
/// 5 dead, 6 seq, 7 queues) and the entry-hash prefix as `ARGV[1]`. Scripts read the clock with
/// `TIME`; since Redis 7 scripts replicate and persist as their effects, so the AOF holds plain
/// writes. Numbers pass through `string.format('%.0f')`: microsecond times need all 16 digits.
enum RedisQueueScripts {
    /// Shared prelude: `now` in microseconds, `s(n)` an integer's exact text, and the due-work
    /// promotion that every claim runs first (due delayed entries and expired leases become ready).
    private static let prelude = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
        local function s(n) return string.format('%.0f', n) end
        local idAt = \(RedisSortKey.idOffset)
        """

    /// ARGV: 2 id, 3 priority, 4 position or "", 5 position key or "", 6 not-before µs or "",
    /// 7 forced (0/1), 8 sort-key head, 9 wake channel, 10 queue name, 11 has payload (0/1),
    /// 12 payload (base64). Returns the position.
    static let enqueue = RedisScript(prelude + """

        local id = ARGV[2]
        local e = ARGV[1] .. id
        local old = redis.call('HGET', e, 'k')
        if old then redis.call('ZREM', KEYS[1], old) end
        redis.call('ZREM', KEYS[2], id)
        redis.call('ZREM', KEYS[3], id)
        redis.call('DEL', e)
        local pos, poskey = ARGV[4], ARGV[5]
        if pos == '' then
          local n = redis.call('INCR', KEYS[6])
          pos = s(n)
          poskey = '1' .. string.format('%019.0f', n)
        elseif tonumber(pos) > tonumber(redis.call('GET', KEYS[6]) or '0') then
          redis.call('SET', KEYS[6], pos)
        end
        local k = ARGV[8] .. poskey .. ':' .. id
        redis.call('HSET', e, 'p', ARGV[3], 'pos', pos, 'a', '0', 'f', ARGV[7], 'k', k)
        if ARGV[11] == '1' then redis.call('HSET', e, 'pl', ARGV[12]) end
        redis.call('SADD', KEYS[7], ARGV[10])
        local nb = ARGV[6]
        if nb ~= '' then
          redis.call('HSET', e, 'nb', nb)
          if tonumber(nb) > now then
            redis.call('ZADD', KEYS[2], nb, id)
            return pos
          end
        end
        redis.call('ZADD', KEYS[1], 0, k)
        redis.call('PUBLISH', ARGV[9], ARGV[10])
        return pos
        """)

    /// ARGV: 2 worker, 3 lease µs, 4 forced only (0/1), 5 token, 6 max entries to recover.
    /// Returns nil or `{id, priority, position, attempts, not-before or "", forced, expiry µs, payload or nil}`.
    static let claim = RedisScript(prelude + """

        local limit = tonumber(ARGV[6])
        for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', s(now), 'LIMIT', 0, limit)) do
          redis.call('ZREM', KEYS[2], id)
          local k = redis.call('HGET', ARGV[1] .. id, 'k')
          if k then redis.call('ZADD', KEYS[1], 0, k) end
        end
        for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[3], '-inf', s(now), 'LIMIT', 0, limit)) do
          local e = ARGV[1] .. id
          redis.call('ZREM', KEYS[3], id)
          redis.call('HDEL', e, 't', 'w', 'x')
          local k = redis.call('HGET', e, 'k')
          if k then redis.call('ZADD', KEYS[1], 0, k) end
        end
        if ARGV[4] ~= '1' and redis.call('HGET', KEYS[4], 'paused') == '1' then return false end
        local first = redis.call('ZRANGE', KEYS[1], 0, 0)
        if #first == 0 then return false end
        local k = first[1]
        if ARGV[4] == '1' and string.sub(k, 1, 1) ~= '0' then return false end
        local id = string.sub(k, idAt)
        local e = ARGV[1] .. id
        local x = s(now + tonumber(ARGV[3]))
        redis.call('ZREM', KEYS[1], k)
        redis.call('HSET', e, 't', ARGV[5], 'w', ARGV[2], 'x', x)
        redis.call('ZADD', KEYS[3], x, id)
        local f = redis.call('HMGET', e, 'p', 'pos', 'a', 'nb', 'f', 'pl')
        return {id, f[1], f[2], f[3], f[4] or '', f[5], x, f[6]}
        """)

    /// ARGV: 2 id, 3 token, 4 lease µs. Returns the new expiry, or nil when the lease is gone.
    static let renew = RedisScript(prelude + """

        local e = ARGV[1] .. ARGV[2]
        if redis.call('HGET', e, 't') ~= ARGV[3] then return false end
        local x = s(now + tonumber(ARGV[4]))
        redis.call('HSET', e, 'x', x)
        redis.call('ZADD', KEYS[3], x, ARGV[2])
        return x
        """)

    /// ARGV: 2 id, 3 token. Returns 1 when completed, 0 for a stale lease.
    static let complete = RedisScript("""
        local e = ARGV[1] .. ARGV[2]
        if redis.call('HGET', e, 't') ~= ARGV[3] then return 0 end
        redis.call('ZREM', KEYS[3], ARGV[2])
        redis.call('DEL', e)
        redis.call('HINCRBY', KEYS[4], 'completed', 1)
        return 1
        """)

    /// ARGV: 2 id, 3 token, 4 max retries, 5 base delay µs, 6 max delay µs, 7 error.
    /// Returns nil (lease gone), `{"retry", at µs, attempts}` or `{"dead", attempts}`.
    static let fail = RedisScript(prelude + """

        local id = ARGV[2]
        local e = ARGV[1] .. id
        if redis.call('HGET', e, 't') ~= ARGV[3] then return false end
        local f = redis.call('HMGET', e, 'a', 'p', 'pos', 'k', 'pl')
        local attempts = tonumber(f[1] or '0') + 1
        redis.call('ZREM', KEYS[3], id)
        if attempts > tonumber(ARGV[4]) then
          redis.call('DEL', e)
          redis.call('LPUSH', KEYS[5], cjson.encode({key = id, priority = tonumber(f[2]), position = f[3],
            attempts = attempts, error = ARGV[7], failedAt = s(now), payload = f[5] or nil}))
          return {'dead', attempts}
        end
        local d = tonumber(ARGV[5]) * 2 ^ math.min(attempts - 1, 20)
        if d > tonumber(ARGV[6]) then d = tonumber(ARGV[6]) end
        local at = s(now + d)
        redis.call('HDEL', e, 't', 'w', 'x')
        redis.call('HSET', e, 'a', attempts, 'nb', at, 'f', '0', 'k', '1' .. string.sub(f[4], 2), 'err', ARGV[7])
        redis.call('ZADD', KEYS[2], at, id)
        return {'retry', at, attempts}
        """)

    /// ARGV: 2 id, 3 token, 4 delay µs, 5 wake channel, 6 queue name. Returns 1, or 0 for a stale lease.
    static let release = RedisScript(prelude + """

        local id = ARGV[2]
        local e = ARGV[1] .. id
        if redis.call('HGET', e, 't') ~= ARGV[3] then return 0 end
        redis.call('ZREM', KEYS[3], id)
        redis.call('HDEL', e, 't', 'w', 'x')
        local d = tonumber(ARGV[4])
        if d > 0 then
          local at = s(now + d)
          redis.call('HSET', e, 'nb', at)
          redis.call('ZADD', KEYS[2], at, id)
        else
          redis.call('HDEL', e, 'nb')
          redis.call('ZADD', KEYS[1], 0, redis.call('HGET', e, 'k'))
          redis.call('PUBLISH', ARGV[5], ARGV[6])
        end
        return 1
        """)

    /// ARGV: 2 id. Returns 1 when an entry was removed.
    static let remove = RedisScript("""
        local id = ARGV[2]
        local e = ARGV[1] .. id
        local k = redis.call('HGET', e, 'k')
        if not k then return 0 end
        redis.call('ZREM', KEYS[1], k)
        redis.call('ZREM', KEYS[2], id)
        redis.call('ZREM', KEYS[3], id)
        redis.call('DEL', e)
        return 1
        """)

    /// Returns `{id, priority, position, attempts, not-before or "", forced, actively leased (0/1), payload or nil}`
    /// per entry.
    static let entries = RedisScript(prelude + """

        local out = {}
        local function add(id, active)
          local f = redis.call('HMGET', ARGV[1] .. id, 'p', 'pos', 'a', 'nb', 'f', 'pl')
          if f[1] then table.insert(out, {id, f[1], f[2], f[3], f[4] or '', f[5], active, f[6]}) end
        end
        for _, k in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do add(string.sub(k, idAt), '0') end
        for _, id in ipairs(redis.call('ZRANGE', KEYS[2], 0, -1)) do add(id, '0') end
        local leased = redis.call('ZRANGE', KEYS[3], 0, -1, 'WITHSCORES')
        for i = 1, #leased, 2 do
          add(leased[i], tonumber(leased[i + 1]) > now and '1' or '0')
        end
        return out
        """)

    /// Returns `{pending, delayed, active, completed, failed, paused}`.
    static let stats = RedisScript(prelude + """

        local later = '(' .. s(now)
        local pending = redis.call('ZCARD', KEYS[1]) + redis.call('ZCOUNT', KEYS[2], '-inf', s(now))
          + redis.call('ZCOUNT', KEYS[3], '-inf', s(now))
        local st = redis.call('HMGET', KEYS[4], 'completed', 'paused')
        return {pending, redis.call('ZCOUNT', KEYS[2], later, '+inf'), redis.call('ZCOUNT', KEYS[3], later, '+inf'),
          tonumber(st[1] or '0'), redis.call('LLEN', KEYS[5]), st[2] == '1' and 1 or 0}
        """)

    /// ARGV: then triples of id, position, position key. Rewrites positions and sort keys.
    static let reposition = RedisScript("""
        local seq = tonumber(redis.call('GET', KEYS[6]) or '0')
        for i = 2, #ARGV, 3 do
          local id = ARGV[i]
          local e = ARGV[1] .. id
          local k = redis.call('HGET', e, 'k')
          if k then
            local nk = string.sub(k, 1, 21) .. ARGV[i + 2] .. ':' .. id
            redis.call('HSET', e, 'pos', ARGV[i + 1], 'k', nk)
            if redis.call('ZREM', KEYS[1], k) == 1 then redis.call('ZADD', KEYS[1], 0, nk) end
            if tonumber(ARGV[i + 1]) > seq then
              seq = tonumber(ARGV[i + 1])
              redis.call('SET', KEYS[6], ARGV[i + 1])
            end
          end
        end
        return 1
        """)

    /// ARGV: 2 worker id or "" for every lease, 3 wake channel, 4 queue name, 5 only expired (0/1).
    /// Hands the matching leases back without counting an attempt; returns how many.
    static let releaseLeases = RedisScript(prelude + """

        local n = 0
        local leased = redis.call('ZRANGE', KEYS[3], 0, -1, 'WITHSCORES')
        for i = 1, #leased, 2 do
          local id = leased[i]
          local e = ARGV[1] .. id
          local expired = tonumber(leased[i + 1]) <= now
          if (ARGV[5] ~= '1' or expired) and (ARGV[2] == '' or redis.call('HGET', e, 'w') == ARGV[2]) then
            redis.call('ZREM', KEYS[3], id)
            redis.call('HDEL', e, 't', 'w', 'x')
            local k = redis.call('HGET', e, 'k')
            if k then redis.call('ZADD', KEYS[1], 0, k) end
            n = n + 1
          end
        end
        if n > 0 then redis.call('PUBLISH', ARGV[3], ARGV[4]) end
        return n
        """)

    /// Every script, for loading them up front.
    static let all: [RedisScript] = [enqueue, claim, renew, complete, fail, release, remove, entries, stats, reposition, releaseLeases]
}
