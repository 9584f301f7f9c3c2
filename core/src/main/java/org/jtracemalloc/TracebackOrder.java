package org.jtracemalloc;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Ranks distinct tracebacks in {@link Traceback#compareTo} order, so that sorting statistics
 * compares ints instead of walking traceback, frame and string objects.
 *
 * <p>Java programs allocate many objects of the same few sizes, so statistics tie on size and
 * count all the time and the traceback decides; with hundreds of thousands of groups those
 * comparisons, each a chain of cache misses, dominated the sort. Here every distinct filename is
 * compared once (by code point), every distinct frame is placed by (filename rank, lineno), and a
 * traceback becomes the sequence of its frame ranks.
 */
final class TracebackOrder {
    private TracebackOrder() {}

    /** {@code ranks[i] < ranks[j]} exactly when {@code keys[i] < keys[j]}; keys are distinct. */
    static int[] ranks(Traceback[] keys) {
        int[] ranks = new int[keys.length];
        boolean singleFrames = true;
        for (Traceback key : keys) {
            singleFrames &= key.size() == 1;
        }
        if (singleFrames) { // the 'filename' and 'lineno' keys: distinct keys, distinct frames
            Frame[] frames = new Frame[keys.length];
            for (int i = 0; i < keys.length; i++) {
                frames[i] = keys[i].get(0);
            }
            RankedFrame[] sorted = sortFrames(frames);
            for (int position = 0; position < sorted.length; position++) {
                ranks[sorted[position].index] = position;
            }
            return ranks;
        }
        Map<Frame, Integer> frameIndex = new HashMap<>(keys.length * 4 / 3 + 1);
        for (Traceback key : keys) {
            for (Frame frame : key) {
                frameIndex.putIfAbsent(frame, frameIndex.size());
            }
        }
        Frame[] distinctFrames = new Frame[frameIndex.size()];
        frameIndex.forEach((frame, index) -> distinctFrames[index] = frame);
        int[] frameRanks = new int[distinctFrames.length]; // by index in distinctFrames
        RankedFrame[] sortedFrames = sortFrames(distinctFrames);
        for (int position = 0; position < sortedFrames.length; position++) {
            frameRanks[sortedFrames[position].index] = position;
        }
        RankSequence[] sequences = new RankSequence[keys.length];
        for (int i = 0; i < keys.length; i++) {
            int[] sequence = new int[keys[i].size()];
            for (int f = 0; f < sequence.length; f++) {
                sequence[f] = frameRanks[frameIndex.get(keys[i].get(f))];
            }
            sequences[i] = new RankSequence(sequence, i);
        }
        Arrays.sort(sequences, (a, b) -> Arrays.compare(a.frameRanks, b.frameRanks));
        for (int position = 0; position < sequences.length; position++) {
            ranks[sequences[position].keyIndex] = position;
        }
        return ranks;
    }

    /** A traceback as the ranks of its frames, oldest first (a proper prefix compares smaller). */
    private record RankSequence(int[] frameRanks, int keyIndex) {}

    /** A frame with its filename's rank, so that most comparisons touch only this object. */
    private record RankedFrame(int filenameRank, int lineno, Frame frame, int index) {}

    /** Distinct frames in Frame order, each with its index in {@code frames}. */
    private static RankedFrame[] sortFrames(Frame[] frames) {
        Map<String, Integer> filenameRanks = new HashMap<>();
        for (Frame frame : frames) {
            filenameRanks.put(frame.filename(), 0);
        }
        String[] filenames = filenameRanks.keySet().toArray(new String[0]);
        Arrays.sort(filenames, PythonStrings::compare);
        for (int i = 0; i < filenames.length; i++) {
            filenameRanks.put(filenames[i], i);
        }
        RankedFrame[] ranked = new RankedFrame[frames.length];
        for (int i = 0; i < frames.length; i++) {
            ranked[i] = new RankedFrame(filenameRanks.get(frames[i].filename()), frames[i].lineno(), frames[i], i);
        }
        Arrays.sort(ranked, (a, b) -> {
            int c = Integer.compare(a.filenameRank, b.filenameRank);
            if (c == 0) {
                c = Integer.compare(a.lineno, b.lineno);
            }
            return c != 0 ? c : a.frame.compareTo(b.frame); // className, methodName: rare
        });
        return ranked;
    }
}
