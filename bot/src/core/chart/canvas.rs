//! The drawing surface both charts share: an RGB bitmap drawn by plotters,
//! text in DejaVu Sans (embedded through the `dejavu` crate and registered
//! with plotters' `ab_glyph` once), encoded as PNG. Also the palette, so the
//! tests can find bars by their exact colour.

use std::sync::Once;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{register_font, FontStyle};

use super::{Chart, ChartError};

/// The font family name the charts register DejaVu Sans under.
const FAMILY: &str = "dejavu-sans";

pub const BACKGROUND: RGBColor = RGBColor(255, 255, 255);
pub const INK: RGBColor = RGBColor(33, 37, 41);
pub const MUTED: RGBColor = RGBColor(90, 96, 102);
pub const STAGE_BAR: RGBColor = RGBColor(52, 101, 164);
pub const AMOUNT_BAR: RGBColor = RGBColor(164, 194, 230);
pub const WEIGHTED_BAR: RGBColor = RGBColor(32, 74, 135);
pub const WON_BAR: RGBColor = RGBColor(78, 154, 6);
pub const LOST_BAR: RGBColor = RGBColor(204, 0, 0);
pub const RULE: RGBColor = RGBColor(206, 210, 214);

/// The width every chart is drawn at: wide enough to read inline in a chat.
pub const WIDTH: u32 = 1200;
/// The left margin of the title, the subtitle and the legends.
pub const MARGIN: i32 = 32;
/// Where the first row of bars starts, below the title and the subtitle.
pub const TOP: i32 = 112;
/// How tall a bar is, centred in its row.
pub const BAR_HEIGHT: i32 = 36;
/// Where bars start; the row's name ends just left of it.
pub const BAR_LEFT: i32 = 300;

/// How text sits at its point.
#[derive(Debug, Clone, Copy)]
pub enum Anchor {
    /// The point is the text's left end, vertically centred.
    Left,
    /// The point is the text's right end, vertically centred.
    Right,
    /// The point is the text's centre.
    Centre,
}

fn register() {
    static FONTS: Once = Once::new();
    FONTS.call_once(|| {
        // Both are fonts the crate ships; a failure would show as missing text,
        // which the chart tests catch.
        if register_font(FAMILY, FontStyle::Normal, dejavu::sans::regular()).is_err() {
            tracing::error!("the embedded DejaVu Sans is not a usable font");
        }
        if register_font(FAMILY, FontStyle::Bold, dejavu::sans::bold()).is_err() {
            tracing::error!("the embedded DejaVu Sans Bold is not a usable font");
        }
    });
}

/// An RGB picture being drawn.
pub struct Canvas {
    width: u32,
    height: u32,
    pixels: Vec<u8>,
}

type Area<'a> = DrawingArea<BitMapBackend<'a>, Shift>;

fn failed(error: impl std::fmt::Display) -> ChartError {
    ChartError::Drawing(error.to_string())
}

impl Canvas {
    /// A white canvas of `width` × `height` pixels.
    pub fn new(width: u32, height: u32) -> Self {
        register();
        Canvas {
            width,
            height,
            pixels: [BACKGROUND.0, BACKGROUND.1, BACKGROUND.2].repeat((width * height) as usize),
        }
    }

    /// A chart's canvas: [`WIDTH`] wide, `height` tall, `title` drawn at its top.
    pub fn titled(height: i32, title: &str) -> Result<Self, ChartError> {
        let mut canvas = Canvas::new(WIDTH, height as u32);
        canvas.text(title, MARGIN, 40, 30, true, INK, Anchor::Left)?;
        Ok(canvas)
    }

    /// The muted line under the title that sums the chart up.
    pub fn subtitle(&mut self, text: &str) -> Result<(), ChartError> {
        self.text(text, MARGIN, 80, 18, false, MUTED, Anchor::Left)
    }

    /// The sentence drawn centred at height `y` instead of empty bars.
    pub fn nothing_to_draw(&mut self, sentence: &str, y: i32) -> Result<(), ChartError> {
        self.text(
            sentence,
            WIDTH as i32 / 2,
            y,
            24,
            false,
            INK,
            Anchor::Centre,
        )
    }

    /// A legend's entry: an 18-pixel swatch of `colour` from `x`, vertically
    /// centred on `y`, and its `label` after it.
    pub fn legend_entry(
        &mut self,
        x: i32,
        y: i32,
        colour: RGBColor,
        label: &str,
    ) -> Result<(), ChartError> {
        self.rect(x, y - 9, 18, 18, colour)?;
        self.text(label, x + 26, y, 16, false, INK, Anchor::Left)
    }

    /// The finished picture, encoded, with the sentence that carries its numbers.
    pub fn into_chart(self, alt_text: String) -> Result<Chart, ChartError> {
        Ok(Chart {
            png: self.encode()?,
            alt_text,
        })
    }

    /// Runs `draw` on the canvas's drawing area.
    fn with_area(
        &mut self,
        draw: impl FnOnce(&Area<'_>) -> Result<(), ChartError>,
    ) -> Result<(), ChartError> {
        let size = (self.width, self.height);
        let area = BitMapBackend::with_buffer(&mut self.pixels, size).into_drawing_area();
        draw(&area)?;
        area.present().map_err(failed)
    }

    /// A filled rectangle `w` × `h` at (`x`, `y`); nothing when empty.
    pub fn rect(
        &mut self,
        x: i32,
        y: i32,
        w: i32,
        h: i32,
        colour: RGBColor,
    ) -> Result<(), ChartError> {
        if w <= 0 || h <= 0 {
            return Ok(());
        }
        self.with_area(|area| {
            area.draw(&Rectangle::new([(x, y), (x + w, y + h)], colour.filled()))
                .map_err(failed)
        })
    }

    /// `text` at (`x`, `y`), `size` pixels tall, bold or not.
    #[allow(clippy::too_many_arguments)]
    pub fn text(
        &mut self,
        text: &str,
        x: i32,
        y: i32,
        size: u32,
        bold: bool,
        colour: RGBColor,
        anchor: Anchor,
    ) -> Result<(), ChartError> {
        let style = if bold {
            FontStyle::Bold
        } else {
            FontStyle::Normal
        };
        let position = match anchor {
            Anchor::Left => Pos::new(HPos::Left, VPos::Center),
            Anchor::Right => Pos::new(HPos::Right, VPos::Center),
            Anchor::Centre => Pos::new(HPos::Center, VPos::Center),
        };
        let font = FontDesc::new(FontFamily::Name(FAMILY), f64::from(size), style)
            .color(&colour)
            .pos(position);
        self.with_area(|area| area.draw_text(text, &font, (x, y)).map_err(failed))
    }

    /// The picture as PNG bytes.
    pub fn encode(self) -> Result<Vec<u8>, ChartError> {
        let mut bytes = Vec::new();
        let mut encoder = png::Encoder::new(&mut bytes, self.width, self.height);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().map_err(failed)?;
        writer.write_image_data(&self.pixels).map_err(failed)?;
        writer.finish().map_err(failed)?;
        Ok(bytes)
    }
}

/// A decoded picture, for tests: its size and RGB pixels.
#[cfg(test)]
pub struct Decoded {
    pub width: u32,
    pub height: u32,
    pub pixels: Vec<u8>,
}

#[cfg(test)]
impl Decoded {
    pub fn of(bytes: &[u8]) -> Decoded {
        let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
        let mut reader = decoder.read_info().expect("a PNG");
        let mut pixels = vec![0; reader.output_buffer_size()];
        let info = reader.next_frame(&mut pixels).expect("a frame");
        Decoded {
            width: info.width,
            height: info.height,
            pixels,
        }
    }

    pub fn at(&self, x: u32, y: u32) -> [u8; 3] {
        let at = ((y * self.width + x) * 3) as usize;
        [self.pixels[at], self.pixels[at + 1], self.pixels[at + 2]]
    }

    /// How many pixels of row `y` are exactly `colour`.
    pub fn run_of(&self, y: u32, colour: RGBColor) -> usize {
        (0..self.width)
            .filter(|&x| self.at(x, y) == [colour.0, colour.1, colour.2])
            .count()
    }

    /// How many pixels in the box are dark (text), every channel below 128.
    pub fn dark_in(&self, x: std::ops::Range<u32>, y: std::ops::Range<u32>) -> usize {
        y.flat_map(|y| x.clone().map(move |x| (x, y)))
            .filter(|&(x, y)| self.at(x, y).iter().all(|&c| c < 128))
            .count()
    }
}
