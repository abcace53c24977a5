//! The report's chart: a funnel of horizontal bars drawn pixel by pixel and
//! encoded as PNG, so no font or system library is needed. One bar per stage
//! (how many deals reached it), then one for the deals won; the table beside it
//! carries the numbers.
//!
//! Geometry (the tests measure it): bars are [`BAR_HEIGHT`] pixels tall, one
//! per [`ROW_HEIGHT`] starting [`MARGIN`] pixels from the top, and begin
//! [`MARGIN`] pixels from the left; the longest bar is [`WIDTH`] − 2 × [`MARGIN`]
//! pixels long and the others are proportional to their counts.

use anyhow::Context;

pub const WIDTH: u32 = 640;
pub const MARGIN: u32 = 20;
pub const ROW_HEIGHT: u32 = 36;
pub const BAR_HEIGHT: u32 = 24;

const BACKGROUND: [u8; 3] = [255, 255, 255];
const STAGE_BAR: [u8; 3] = [52, 101, 164];
const WON_BAR: [u8; 3] = [78, 154, 6];
const AXIS: [u8; 3] = [136, 138, 133];

/// A PNG of one bar per count (the last one coloured as won), or an error if
/// encoding fails.
pub fn funnel_png(counts: &[usize]) -> anyhow::Result<Vec<u8>> {
    let rows = counts.len().max(1) as u32;
    let height = 2 * MARGIN + rows * ROW_HEIGHT;
    let mut canvas = Canvas::new(WIDTH, height);
    let longest = WIDTH - 2 * MARGIN;
    let most = counts.iter().copied().max().unwrap_or(0).max(1);
    for (row, &count) in counts.iter().enumerate() {
        let length = (count as u64 * u64::from(longest) / most as u64) as u32;
        let top = MARGIN + row as u32 * ROW_HEIGHT;
        let colour = if row + 1 == counts.len() {
            WON_BAR
        } else {
            STAGE_BAR
        };
        canvas.fill(MARGIN, top, length, BAR_HEIGHT, colour);
    }
    // The baseline the bars grow from.
    canvas.fill(MARGIN - 2, MARGIN / 2, 2, height - MARGIN, AXIS);
    canvas.encode()
}

/// An RGB picture being drawn.
struct Canvas {
    width: u32,
    height: u32,
    pixels: Vec<u8>,
}

impl Canvas {
    fn new(width: u32, height: u32) -> Self {
        Canvas {
            width,
            height,
            pixels: BACKGROUND.repeat((width * height) as usize),
        }
    }

    /// Paints the rectangle at (`x`, `y`) of `w` × `h` pixels, clipped to the canvas.
    fn fill(&mut self, x: u32, y: u32, w: u32, h: u32, colour: [u8; 3]) {
        for row in y..(y + h).min(self.height) {
            for column in x..(x + w).min(self.width) {
                let at = ((row * self.width + column) * 3) as usize;
                self.pixels[at..at + 3].copy_from_slice(&colour);
            }
        }
    }

    fn encode(self) -> anyhow::Result<Vec<u8>> {
        let mut bytes = Vec::new();
        let mut encoder = png::Encoder::new(&mut bytes, self.width, self.height);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().context("writing the PNG header")?;
        writer
            .write_image_data(&self.pixels)
            .context("writing the PNG pixels")?;
        writer.finish().context("finishing the PNG")?;
        Ok(bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_are_proportional_to_their_counts() {
        let bytes = funnel_png(&[4, 2, 0, 1]).expect("encodes");
        let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
        let mut reader = decoder.read_info().expect("a PNG");
        let mut pixels = vec![0; reader.output_buffer_size()];
        let info = reader.next_frame(&mut pixels).expect("a frame");
        assert_eq!(
            (info.width, info.height),
            (WIDTH, 2 * MARGIN + 4 * ROW_HEIGHT)
        );
        let bar = |row: u32| {
            let y = MARGIN + row * ROW_HEIGHT + BAR_HEIGHT / 2;
            (MARGIN..WIDTH)
                .filter(|&x| {
                    let at = ((y * WIDTH + x) * 3) as usize;
                    pixels[at..at + 3] != BACKGROUND
                })
                .count()
        };
        assert_eq!([bar(0), bar(1), bar(2), bar(3)], [600, 300, 0, 150]);
    }
}
