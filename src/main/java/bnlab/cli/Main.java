package bnlab.cli;

import ai.djl.ndarray.NDManager;

public class Main {
    public static void main(String[] args) {
        try (NDManager m = NDManager.newBaseManager()) {
            System.out.println(m.getEngine().getEngineName() + " " + m.getEngine().getVersion());
            System.out.println(m.create(new float[] {1, 2, 3}).mean());
        }
    }
}
