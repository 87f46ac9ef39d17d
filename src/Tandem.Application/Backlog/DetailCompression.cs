using System.Collections.Concurrent;
using ZstdSharp;

namespace Tandem.Application.Backlog;

/// <summary>
/// A Zstandard dictionary and the contexts that use it. Contexts are not thread-safe, so each call takes one from
/// the pool and gives it back; the calls are synchronous, so the pools grow to the number of threads at most.
/// A dictionary stays alive while any cached entry was packed with it; its contexts release their memory when
/// it is collected (they are safe handles).
/// </summary>
internal sealed class DetailDictionary(byte[] bytes, int level)
{
    private readonly ConcurrentQueue<Compressor> _compressors = new();
    private readonly ConcurrentQueue<Decompressor> _decompressors = new();

    public byte[] Pack(ReadOnlySpan<byte> json)
    {
        if (!_compressors.TryDequeue(out var compressor))
        {
            compressor = new Compressor(level);
            // The dictionary's id in every frame is four bytes an entry does not need: one process, its own dictionaries.
            compressor.SetParameter(ZstdSharp.Unsafe.ZSTD_cParameter.ZSTD_c_dictIDFlag, 0);
            compressor.LoadDictionary(bytes);
        }
        try
        {
            return compressor.Wrap(json).ToArray();
        }
        finally
        {
            _compressors.Enqueue(compressor);
        }
    }

    public byte[] Unpack(ReadOnlySpan<byte> packed)
    {
        if (!_decompressors.TryDequeue(out var decompressor))
        {
            decompressor = new Decompressor();
            decompressor.LoadDictionary(bytes);
        }
        try
        {
            var json = new byte[checked((int)Decompressor.GetDecompressedSize(packed))];
            var written = decompressor.Unwrap(packed, json);
            return written == json.Length ? json : json[..written];
        }
        finally
        {
            _decompressors.Enqueue(decompressor);
        }
    }

    /// <summary>Frees the compression contexts once nothing is packed with this dictionary any more (it was replaced).</summary>
    public void Retire()
    {
        while (_compressors.TryDequeue(out var compressor)) compressor.Dispose();
    }
}

/// <summary>
/// Packs the item cache's details (ADR 52). Details are small JSON documents that repeat their field names, their
/// enumerations and much of their text (a product's stories share phrasing, people's names, criteria wording), which
/// a general compressor cannot use in a document of 1–2 KB: Brotli halves one. A dictionary trained on the details
/// this process built finds it: about a tenth of the bytes for the bench's backlog, in a few microseconds each way.
/// <para>
/// Until the first dictionary is trained, details are kept as they are, and each is a sample besides. At
/// <see cref="SamplesToTrain"/> samples a dictionary is trained on the thread pool (about a quarter of a second), and
/// from then on every detail is packed with it. Content drifts (new products, new teams), so after every
/// <see cref="RetrainAfter"/> details packed a new dictionary is trained on the last of them; entries packed with the
/// old one keep it until they are replaced or evicted.
/// </para>
/// </summary>
/// <param name="samplesToTrain">Samples a dictionary is trained on; 0 keeps every detail as it is (tests of the bound).</param>
/// <param name="retrainAfter">Details packed with one dictionary before the next is trained.</param>
internal sealed class DetailCompression(int samplesToTrain = DetailCompression.SamplesToTrain, int retrainAfter = DetailCompression.RetrainAfter)
{
    /// <summary>Samples a dictionary is trained on: about 1.4 MB of details, enough for 64 KiB of dictionary.</summary>
    public const int SamplesToTrain = 1_000;

    /// <summary>Details packed with one dictionary before the next is trained.</summary>
    public const int RetrainAfter = 100_000;

    /// <summary>The dictionary's size: past 64 KiB the bench's details gained under 2 %.</summary>
    private const int DictionaryBytes = 64 * 1024;

    /// <summary>
    /// Level 3 with the dictionary: 133 bytes for the bench's details in about 3 µs, where level 9 takes 110 in about
    /// 17 (ADR 52, amended). Every write of an item packs its new detail: at level 9, with the request's other work
    /// around it, that was 6 % of a move's CPU in Tandem, where an entry counted 373 bytes against the bound
    /// instead of 350 (its 240 of bookkeeping besides) holds 6 % fewer details.
    /// </summary>
    private const int Level = 3;

    /// <summary>A detail larger than this is kept as it is: rare, and not what the dictionary was trained for.</summary>
    internal const int LargestPacked = 64 * 1024;

    private readonly Lock _sampling = new();
    private readonly List<byte[]> _samples = [];
    private DetailDictionary? _current;
    private long _sampled;
    private long _packed;
    // Packs before the next training: none before the first, RetrainAfter after any (one that failed too, so a
    // workspace whose details train nothing does not pay a quarter of a second per thousand reads).
    private long _trainAfter;
    private int _training;

    /// <summary>The dictionary details are packed with now; null before the first is trained.</summary>
    public DetailDictionary? Current => Volatile.Read(ref _current);

    /// <summary>How many dictionaries were trained.</summary>
    public int Trained => Volatile.Read(ref _trained);
    private int _trained;

    /// <summary>
    /// The detail as it is kept: packed with the current dictionary (returned beside it), or the JSON itself when there
    /// is none yet. <paramref name="json"/> is not changed and may be kept as a sample, so the caller must not reuse it.
    /// </summary>
    public (byte[] Bytes, DetailDictionary? Dictionary) Pack(byte[] json)
    {
        if (samplesToTrain == 0) return (json, null);
        var dictionary = Current;
        var packed = Interlocked.Increment(ref _packed);
        // The details of the last thousand packs before a training are its samples: nothing is held for it meanwhile.
        if (dictionary is null || packed > retrainAfter - samplesToTrain) Sample(json, packed);
        return dictionary is null ? (json, null) : PackWith(dictionary, json);
    }

    /// <summary>
    /// The detail as it is kept with <paramref name="dictionary"/>: packed, or as it is when larger than
    /// <see cref="LargestPacked"/>. The one rule for every detail packed, now or later (<see cref="ItemDetailCache.Repack"/>).
    /// </summary>
    internal static (byte[] Bytes, DetailDictionary? Dictionary) PackWith(DetailDictionary dictionary, byte[] json) =>
        json.Length > LargestPacked ? (json, null) : (dictionary.Pack(json), dictionary);

    private void Sample(byte[] json, long packed)
    {
        List<byte[]>? ready = null;
        lock (_sampling)
        {
            // A ring of the latest samples: the next dictionary learns what is read now.
            if (_samples.Count < samplesToTrain) _samples.Add(json);
            else _samples[(int)(_sampled % samplesToTrain)] = json;
            _sampled++;
            if (_samples.Count >= samplesToTrain && packed >= Interlocked.Read(ref _trainAfter) && Interlocked.CompareExchange(ref _training, 1, 0) == 0)
            {
                ready = [.. _samples];
                _samples.Clear();
            }
        }
        if (ready is not null) ThreadPool.UnsafeQueueUserWorkItem(static state => state.Compression.Train(state.Samples), (Compression: this, Samples: ready), preferLocal: false);
    }

    /// <summary>Trains a dictionary on <paramref name="samples"/> and packs with it from now on; on failure keeps the one it has and samples again.</summary>
    internal void Train(List<byte[]> samples)
    {
        try
        {
            var trained = new DetailDictionary(DictBuilder.TrainFromBuffer(samples, DictionaryBytes), Level);
            Interlocked.Exchange(ref _current, trained)?.Retire();
            Interlocked.Increment(ref _trained);
        }
        catch (Exception e) when (e is ZstdException or ArgumentException)
        {
            // Too few distinct samples to find anything worth a dictionary (a workspace of a few copied items):
            // what is kept stays as it is, and the next samples try again.
        }
        finally
        {
            Interlocked.Exchange(ref _packed, 0);
            Interlocked.Exchange(ref _trainAfter, retrainAfter);
            Volatile.Write(ref _training, 0);
        }
    }
}
