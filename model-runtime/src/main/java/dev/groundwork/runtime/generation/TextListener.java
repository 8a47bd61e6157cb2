package dev.groundwork.runtime.generation;

/** Receives generated text as it is decoded: whole characters only, never part of a stop string. */
@FunctionalInterface
public interface TextListener {

    TextListener NONE = text -> {};

    void onText(String text);
}
