/** Pixels per MNIST image (28 × 28). */
export const MNIST_PIXELS = 784;
/** Number of MNIST classes (digits 0–9). */
export const MNIST_CLASSES = 10;
/** Number of digits in the `mnist` package (checked against the data when it is loaded). */
export const MNIST_SIZE = 10_000;
