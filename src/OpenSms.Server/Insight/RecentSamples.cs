using System.Collections.Concurrent;
using OpenSms.Core.Insight;
using OpenSms.Core.Storage;

namespace OpenSms.Server.Insight;

/// <summary>
/// The recent reports of the tasks this instance showed lately, so that a page shown again reads
/// only what arrived since instead of every task's whole window. Whether anything arrived is told
/// by the task's row (last_report_at), which every page reads fresh from the database, so a report
/// accepted by another instance is seen as soon as its row is. Bounded by the number of reports
/// held; the tasks shown least recently are dropped first. A task is held from its second read
/// in a while on: one looked at once (a ShowTask of any of a hundred thousand tasks) would only
/// push out tasks that are looked at again, and churn the collector's older generations.
/// </summary>
/// <param name="capacity">How many reports may be held.</param>
/// <param name="holdFirstRead">Hold a task from its first read on (tests of the holding itself).</param>
public sealed class RecentSamples(int capacity, bool holdFirstRead = false)
{
    /// <summary>About 64 bytes a report: some 16 MB, the last quarter hour of a few thousand busy tasks.</summary>
    public const int DefaultCapacity = 250_000;

    // A report is received a few milliseconds before the batch holding it commits, and other
    // instances commit beside ours: one received just before the newest report held may become
    // visible after it was read. So a refresh reads again from a minute before the newest held.
    const long OverlapMs = 60_000;

    internal sealed class Entry(long lastReportAt, long since, RateSample[] samples)
    {
        public long LastReportAt { get; } = lastReportAt;
        /// <summary>The window's start when read: the entry holds every report from here on.</summary>
        public long Since { get; } = since;
        public RateSample[] Samples { get; } = samples;
        public long LastUsed;
    }

    readonly ConcurrentDictionary<string, Entry> entries = new(StringComparer.Ordinal);

    // The tasks read lately, by hash, one slot each, a newer read taking an older's slot: lossy,
    // without locks or allocation, and all a doorkeeper needs. Far more slots than a page's tasks.
    readonly long[] seen = new long[8192];
    readonly Lock trimming = new();
    long held;
    long clock;

    /// <summary>How many reports are held now (approximately while merges run).</summary>
    public long Held => Interlocked.Read(ref held);

    /// <summary>A task's read, planned from what is held for it.</summary>
    public readonly struct Planned
    {
        internal Planned(MigrationTask task, RecentRead read, Entry? held) => (Task, Read, Held) = (task, read, held);
        public MigrationTask Task { get; }
        /// <summary>What the store must read: nothing new (a null Since) when the held reports are current.</summary>
        public RecentRead Read { get; }
        internal Entry? Held { get; }
    }

    /// <summary>What to read for <paramref name="task"/>'s window from <paramref name="since"/> (epoch ms).</summary>
    public Planned Plan(MigrationTask task, long since)
    {
        // No report in the window, nothing to read: a report sets last_report_at in its own transaction.
        if (task.LastReportAt is not { } last || last < since) return new Planned(task, new RecentRead(task.Id, null), null);
        if (!entries.TryGetValue(task.Id, out var e) || e.Since > since) return new Planned(task, new RecentRead(task.Id, since), null);
        if (e.LastReportAt == last) return new Planned(task, new RecentRead(task.Id, null), e);
        var newest = e.Samples.Length > 0 ? e.Samples[^1].At.ToUnixTimeMilliseconds() : since;
        return new Planned(task, new RecentRead(task.Id, Math.Max(since, newest - OverlapMs)), e);
    }

    /// <summary>
    /// The task's reports from <paramref name="since"/> on, oldest first: those held, joined with
    /// <paramref name="fetched"/>, which the store read as planned.
    /// </summary>
    public IReadOnlyList<RateSample> Merge(Planned plan, IReadOnlyList<RateSample> fetched, long since)
    {
        var (read, old) = (plan.Read, plan.Held);
        if (read.Since is null)
        {
            if (old is null) return [];
            old.LastUsed = Interlocked.Increment(ref clock);
            var first = 0;
            while (first < old.Samples.Length && old.Samples[first].At.ToUnixTimeMilliseconds() < since) first++;
            if (first == 0) return old.Samples;
            // The window has slid past its oldest reports: hold what is left, as an array the rules index cheaply.
            var left = old.Samples[first..];
            entries[plan.Task.Id] = new Entry(old.LastReportAt, since, left) { LastUsed = old.LastUsed };
            Interlocked.Add(ref held, -first);
            return left;
        }
        // Held reports before the read's start, then everything the read found from it.
        var kept = old is null ? [] : old.Samples.Where(s => s.At.ToUnixTimeMilliseconds() < read.Since.Value);
        var samples = Shared(kept.Concat(fetched).Where(s => s.At.ToUnixTimeMilliseconds() >= since).ToArray());
        if (old is null && !holdFirstRead && !ReadBefore(plan.Task.Id)) return samples;
        var entry = new Entry(plan.Task.LastReportAt!.Value, since, samples) { LastUsed = Interlocked.Increment(ref clock) };
        var replaced = entries.TryGetValue(plan.Task.Id, out var current) ? current.Samples.Length : 0;
        entries[plan.Task.Id] = entry;
        if (Interlocked.Add(ref held, samples.Length - replaced) > capacity) Trim();
        return samples;
    }

    /// <summary>Whether <paramref name="taskId"/> was read lately; marks it read.</summary>
    bool ReadBefore(string taskId)
    {
        var hash = StringComparer.Ordinal.GetHashCode(taskId);
        var mark = (1L << 32) | (uint)hash;
        return Interlocked.Exchange(ref seen[(uint)hash % (uint)seen.Length], mark) == mark;
    }

    // A task's reports mostly name the same subtask: held, they point to one string rather than a
    // copy each, so the collector has one object a task to move instead of one a report.
    static RateSample[] Shared(RateSample[] samples)
    {
        for (var i = 1; i < samples.Length; i++)
        {
            var previous = samples[i - 1].Subtask;
            if (!ReferenceEquals(samples[i].Subtask, previous) && samples[i].Subtask == previous)
                samples[i] = samples[i] with { Subtask = previous };
        }
        return samples;
    }

    // Drops the least recently used tasks down to three quarters of the capacity, so trimming is
    // rare; the count is taken afresh here, as concurrent merges only keep it approximately.
    void Trim()
    {
        lock (trimming)
        {
            var all = entries.ToArray();
            var total = all.Sum(p => (long)p.Value.Samples.Length);
            foreach (var (id, entry) in all.OrderBy(p => p.Value.LastUsed))
            {
                if (total <= capacity * 3L / 4) break;
                if (entries.TryRemove(new KeyValuePair<string, Entry>(id, entry))) total -= entry.Samples.Length;
            }
            Interlocked.Exchange(ref held, total);
        }
    }
}
